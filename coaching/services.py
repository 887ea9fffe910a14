"""Writes for coaching: caseloads, session logs, goals, action steps, recommendations."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import Membership, Organization, User
from accounts.scopes import belongs_to_home_of
from badges.models import BadgeClass
from competencies.models import Competency
from core.audit import AuditAction, audit_record
from core.errors import Forbidden, ServiceError
from courses.models import Module
from evidence import services as evidence_services
from evidence.models import Submission

from . import permissions
from .models import ActionStep, CoachingAssignment, CoachingSession, Goal, Recommendation
from .workflow import GOAL_FLOW


class CoachingError(ServiceError):
    """A request that cannot be carried out; the message is fit to show."""

    code = "coaching_refused"


# Caseloads ------------------------------------------------------------------------------------


def assignment_create(
    *, actor: User, coach: User, teacher: User, school: Organization, starts_on: date | None = None
) -> CoachingAssignment:
    """Put `teacher` on `coach`'s caseload. A teacher with a coach already is reassigned:
    the current assignment ends the day before and is kept."""
    if not permissions.can_manage_caseloads(actor, school):
        raise Forbidden("Only district admins assign coaches.")
    if not belongs_to_home_of(coach, school, roles=[Membership.Role.COACH]):
        raise CoachingError(f"{coach.get_full_name()} is not a coach in this district.")
    if not Membership.objects.filter(
        user=teacher, role=Membership.Role.TEACHER, organization=school
    ).exists():
        raise CoachingError(f"{teacher.get_full_name()} does not teach at {school.name}.")
    starts_on = starts_on or timezone.localdate()
    with transaction.atomic():
        current = (
            CoachingAssignment.objects.select_for_update()
            .filter(teacher=teacher, ends_on__isnull=True)
            .first()
        )
        if current is not None:
            if current.coach_id == coach.pk:
                return current
            current.ends_on = max(current.starts_on, starts_on - timedelta(days=1))
            current.ended_by = actor
            current.save(update_fields=["ends_on", "ended_by"])
            audit_record(actor=actor, action=AuditAction.COACHING_ASSIGNMENT_END, target=current)
        try:
            with transaction.atomic():
                assignment = CoachingAssignment.objects.create(
                    coach=coach,
                    teacher=teacher,
                    school=school,
                    starts_on=starts_on,
                    assigned_by=actor,
                )
        except IntegrityError as exc:
            raise CoachingError("This teacher was just assigned by someone else.") from exc
        audit_record(
            actor=actor,
            action=AuditAction.COACHING_ASSIGN,
            target=assignment,
            data={"coach": str(coach.public_id), "teacher": str(teacher.public_id)},
        )
    return assignment


def assignment_end(
    *, actor: User, assignment: CoachingAssignment, ends_on: date | None = None
) -> CoachingAssignment:
    if not permissions.can_manage_assignment(actor, assignment):
        raise Forbidden("Only district admins change caseloads.")
    with transaction.atomic():
        locked = CoachingAssignment.objects.select_for_update().get(pk=assignment.pk)
        if locked.ends_on is not None:
            raise CoachingError("This assignment has ended already.")
        locked.ends_on = max(locked.starts_on, ends_on or timezone.localdate())
        locked.ended_by = actor
        locked.save(update_fields=["ends_on", "ended_by"])
        audit_record(actor=actor, action=AuditAction.COACHING_ASSIGNMENT_END, target=locked)
    return locked


# Sessions -------------------------------------------------------------------------------------


def _current_assignment(coach: User, teacher: User) -> CoachingAssignment:
    """The assignment that puts `teacher` on `coach`'s current caseload, or Forbidden."""
    assignment = CoachingAssignment.objects.filter(
        permissions.caseload_q(coach), teacher=teacher
    ).first()
    if assignment is None:
        raise Forbidden("This teacher is not on your caseload.")
    return assignment


def session_log(
    *,
    actor: User,
    teacher: User,
    held_on: date,
    minutes: int,
    kind: str,
    focus: Sequence[Competency] = (),
    shared_notes: str = "",
    private_notes: str = "",
    next_steps: str = "",
    follow_up_on: date | None = None,
) -> CoachingSession:
    assignment = _current_assignment(actor, teacher)
    if kind not in CoachingSession.Kind.values:
        raise CoachingError("Choose what kind of session this was.")
    if not 1 <= int(minutes) <= 600:
        raise CoachingError("Minutes must be between 1 and 600.")
    if held_on > timezone.localdate():
        raise CoachingError("A session cannot be logged for a future date.")
    if held_on < assignment.starts_on:
        raise CoachingError(
            f"This teacher joined your caseload on {assignment.starts_on:%b %d, %Y}; "
            "a session before then belongs to their previous coach."
        )
    if follow_up_on is not None and follow_up_on < held_on:
        raise CoachingError("The follow-up date is before the session.")
    with transaction.atomic():
        session = CoachingSession.objects.create(
            coach=actor,
            teacher=teacher,
            school=assignment.school,
            held_on=held_on,
            minutes=minutes,
            kind=kind,
            shared_notes=shared_notes.strip(),
            private_notes=private_notes.strip(),
            next_steps=next_steps.strip(),
            follow_up_on=follow_up_on,
        )
        session.focus.set(focus)
        # The audit row records that a session was logged, never its notes.
        audit_record(
            actor=actor,
            action=AuditAction.COACHING_SESSION_LOG,
            target=session,
            data={"minutes": minutes, "kind": kind},
        )
    return session


def session_attach_to_submission(
    *, actor: User, session: CoachingSession, submission: Submission
) -> None:
    """Attach a session's observation (shared notes and next steps, never private notes)
    to a teacher's submission as reviewer evidence."""
    if not permissions.can_use_session(actor, session):
        raise Forbidden("Only the coach who logged the session can attach it.")
    if submission.earner_id != session.teacher_id:
        raise CoachingError("That submission is not this teacher's.")
    text = "\n\n".join(
        p
        for p in (
            session.shared_notes,
            f"Next steps: {session.next_steps}" if session.next_steps else "",
        )
        if p
    )
    if not text:
        raise CoachingError("This session has no shared notes to attach.")
    evidence_services.reviewer_note_add(
        actor=actor,
        submission=submission,
        text=text,
        source=f"{session.get_kind_display()} on {session.held_on:%b %d, %Y}",
    )


# Goals ----------------------------------------------------------------------------------------


def goal_create(
    *,
    actor: User,
    teacher: User,
    statement: str,
    competency: Competency | None = None,
    target_date: date | None = None,
    modules: Sequence[Module] = (),
    badge_classes: Sequence[BadgeClass] = (),
) -> Goal:
    """A goal written with the coach: the coach creates it for a teacher on the caseload."""
    _current_assignment(actor, teacher)
    if not statement.strip():
        raise CoachingError("Write the goal.")
    with transaction.atomic():
        goal = Goal.objects.create(
            teacher=teacher,
            coach=actor,
            statement=statement.strip(),
            competency=competency,
            target_date=target_date,
        )
        goal.modules.set(modules)
        goal.badge_classes.set(badge_classes)
        audit_record(actor=actor, action=AuditAction.COACHING_GOAL_CREATE, target=goal)
    return goal


def goal_set_status(*, actor: User, goal: Goal, status: str) -> Goal:
    """Move the goal along `GOAL_FLOW`; moving it to where it is changes nothing."""
    if not permissions.can_edit_goal(actor, goal):
        raise Forbidden("Only the teacher and their coach change this goal.")
    with transaction.atomic():
        locked = Goal.objects.select_for_update().get(pk=goal.pk)
        if status == locked.status:
            return locked
        old = locked.status
        GOAL_FLOW.apply(locked, to=status, actor=actor)
        audit_record(
            actor=actor,
            action=AuditAction.COACHING_GOAL_STATUS,
            target=locked,
            data={"from": old, "to": status},
        )
    return locked


def goal_link(
    *,
    actor: User,
    goal: Goal,
    modules: Sequence[Module] = (),
    badge_classes: Sequence[BadgeClass] = (),
) -> Goal:
    if not permissions.can_edit_goal(actor, goal):
        raise Forbidden("Only the teacher and their coach change this goal.")
    with transaction.atomic():
        goal.modules.add(*modules)
        goal.badge_classes.add(*badge_classes)
        Goal.objects.filter(pk=goal.pk).update(updated_at=timezone.now())
        audit_record(actor=actor, action=AuditAction.COACHING_GOAL_LINK, target=goal)
    return goal


def action_step_add(
    *, actor: User, goal: Goal, description: str, owner: User, due_on: date | None = None
) -> ActionStep:
    if not permissions.can_edit_goal(actor, goal):
        raise Forbidden("Only the teacher and their coach change this goal.")
    if owner.pk not in (goal.teacher_id, goal.coach_id):
        raise CoachingError("An action step belongs to the teacher or the coach.")
    if not description.strip():
        raise CoachingError("Describe the step.")
    with transaction.atomic():
        step = ActionStep.objects.create(
            goal=goal, description=description.strip()[:300], owner=owner, due_on=due_on
        )
        audit_record(actor=actor, action=AuditAction.COACHING_ACTION_STEP_ADD, target=goal)
    return step


def action_step_set_done(*, actor: User, step: ActionStep, done: bool) -> ActionStep:
    if not permissions.can_edit_goal(actor, step.goal):
        raise Forbidden("Only the teacher and their coach change this goal.")
    with transaction.atomic():
        locked = ActionStep.objects.select_for_update().get(pk=step.pk)
        locked.done_at = timezone.now() if done else None
        locked.save(update_fields=["done_at"])
        audit_record(
            actor=actor,
            action=AuditAction.COACHING_ACTION_STEP_DONE,
            target=step.goal,
            data={"done": done},
        )
    step.done_at = locked.done_at
    return step


# Recommendations ------------------------------------------------------------------------------


def recommendation_create(
    *,
    actor: User,
    teacher: User,
    module: Module,
    note: str = "",
    session: CoachingSession | None = None,
    goal: Goal | None = None,
) -> Recommendation:
    _current_assignment(actor, teacher)
    if module.status != Module.Status.PUBLISHED:
        raise CoachingError("Only a published module can be recommended.")
    if session is not None and (
        session.teacher_id != teacher.pk or not permissions.can_use_session(actor, session)
    ):
        raise CoachingError("That session is not with this teacher.")
    if goal is not None and goal.teacher_id != teacher.pk:
        raise CoachingError("That goal is not this teacher's.")
    existing = Recommendation.objects.filter(
        teacher=teacher, module__family=module.family, dismissed_at__isnull=True
    ).first()
    if existing is not None:
        return existing
    with transaction.atomic():
        rec = Recommendation.objects.create(
            coach=actor,
            teacher=teacher,
            module=module,
            note=note.strip()[:300],
            session=session,
            goal=goal,
        )
        if goal is not None:
            goal.modules.add(module)
        audit_record(actor=actor, action=AuditAction.COACHING_RECOMMEND, target=rec)
    return rec


def recommendation_dismiss(*, actor: User, recommendation: Recommendation) -> Recommendation:
    if not permissions.can_dismiss_recommendation(actor, recommendation):
        raise Forbidden("Only the teacher dismisses a recommendation.")
    with transaction.atomic():
        locked = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
        locked.dismissed_at = timezone.now()
        locked.save(update_fields=["dismissed_at"])
        audit_record(actor=actor, action=AuditAction.COACHING_RECOMMENDATION_DISMISS, target=locked)
    recommendation.dismissed_at = locked.dismissed_at
    return recommendation
