"""Goals as a person may see them, with where their modules, evidence and badges stand."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet

from accounts.models import User
from badges.models import Assertion
from courses.models import Enrollment
from evidence.models import Submission

from .. import permissions
from ..filters import GoalFilter
from ..models import ActionStep, Goal


def visible_goals(*, viewer: User) -> QuerySet[Goal]:
    """A teacher's own goals, and the goals of the teachers on a coach's current caseload."""
    return permissions.goals.queryset(viewer, "view").select_related(
        "teacher", "coach", "competency"
    )


def goal_for(*, viewer: User, public_id: uuid.UUID | str) -> Goal | None:
    return visible_goals(viewer=viewer).filter(public_id=public_id).first()


def action_step_for(*, viewer: User, public_id: uuid.UUID | str) -> ActionStep | None:
    """An action step of a goal `viewer` may see."""
    goals = permissions.goals.queryset(viewer, "view").values("pk")
    return (
        ActionStep.objects.select_related("goal__teacher", "goal__coach", "owner")
        .filter(public_id=public_id, goal__in=goals)
        .first()
    )


def goals_to_recommend_for(*, coach: User, teacher: User) -> list[Goal]:
    """The goals a recommendation from `coach` to `teacher` may serve: those they wrote
    together that are not met yet."""
    return list(Goal.objects.filter(teacher=teacher, coach=coach).exclude(status=Goal.Status.MET))


@dataclass
class GoalProgress:
    goal: Goal
    modules_finished: list[str] = field(default_factory=list)
    modules_pending: list[str] = field(default_factory=list)
    submissions_in_review: list[str] = field(default_factory=list)
    badges_earned: list[str] = field(default_factory=list)
    badges_pending: list[str] = field(default_factory=list)
    # The viewer may change it (`permissions.goals`, "edit").
    editable: bool = False


def goals_with_progress(
    *, viewer: User, teacher: User, goal: Goal | None = None
) -> list[GoalProgress]:
    """`teacher`'s goals that `viewer` may see (or just `goal`), each with where its
    modules, submissions and badges stand; a fixed number of queries."""
    found = GoalFilter({"teacher": teacher.public_id}, visible_goals(viewer=viewer), viewer=viewer)
    goals = found.qs
    if goal is not None:
        goals = goals.filter(pk=goal.pk)
    goals = list(
        goals.prefetch_related(
            "modules",
            "badge_classes",
            Prefetch("action_steps", queryset=ActionStep.objects.select_related("owner")),
        ).order_by("status", "target_date", "pk")
    )
    if not goals:
        return []
    editable = set(
        permissions.goals.queryset(viewer, "edit")
        .filter(pk__in=[g.pk for g in goals])
        .values_list("pk", flat=True)
    )
    finished = set(
        Enrollment.objects.filter(learner=teacher, completed_at__isnull=False).values_list(
            "family", flat=True
        )
    )
    in_review = set(
        Submission.objects.filter(
            earner=teacher,
            status__in=[Submission.Status.SUBMITTED, Submission.Status.IN_REVIEW],
        ).values_list("badge_class_id", flat=True)
    )
    earned = set(
        Assertion.objects.filter(
            recipient=teacher, revoked_at__isnull=True, superseded_at__isnull=True
        ).values_list("badge_class_id", flat=True)
    )
    out = []
    for g in goals:
        p = GoalProgress(goal=g, editable=g.pk in editable)
        for m in g.modules.all():
            (p.modules_finished if m.family in finished else p.modules_pending).append(m.title)
        for b in g.badge_classes.all():
            if b.pk in earned:
                p.badges_earned.append(b.name)
            else:
                p.badges_pending.append(b.name)
                if b.pk in in_review:
                    p.submissions_in_review.append(b.name)
        out.append(p)
    return out
