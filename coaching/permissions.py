"""Access policies for coaching: caseloads, session logs, goals, recommendations and the
coaching report (see `core.policies`). Each rule is written once, as a `Q`; the
predicates below are names for what services, selectors, pages, the API, the Django
admin and the main menu ask.

- A teacher is on a coach's **current caseload** while an assignment of the teacher to
  the coach has started (on or before today) and has not ended (`on_caseload_q`). Only
  then does the coach log sessions with them, write and change their goals, recommend
  them modules and review their evidence (evidence asks through `on_caseload_q`,
  registered in `coaching.apps`).
- Caseloads are managed, and the coaching report read, by the admins of a school or of
  its district (`accounts.scopes.administered_q`), and by superusers. An employer's or a
  college's admin has no caseloads.
- A session is seen by the coach who logged it and by its teacher. Its **private
  notes** belong to the coach who wrote them: no other person, no export and no API
  response ever carries them (`read_private_notes` has that one rule, and superusers do
  not have it).
- A goal is seen and changed by its teacher and by the teacher's current coach (who
  carries on the goals a previous coach wrote).
- A recommendation is seen by its teacher until they dismiss it, and by the coach who
  made it; only the teacher dismisses it.
- Superusers look at sessions, goals and recommendations in the Django admin
  (`oversee`), never at private notes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership, Organization, User
from accounts.scopes import EDUCATION_KINDS, administered_q
from core.policies import Policy, Who, as_who

from .models import CoachingAssignment, CoachingSession, Goal, Recommendation

if TYPE_CHECKING:
    from .selectors import CoachingReport


# The current caseload -------------------------------------------------------------------


def current_q() -> Q:
    """Assignments under way today: started on or before today, not ended."""
    return Q(starts_on__lte=timezone.localdate(), ends_on__isnull=True)


def caseload_q(who: Who | Any, *, depth: int = 0) -> Q:
    """Assignments (at `depth`) that make up the user's current caseload."""
    return Q(coach_id=as_who(who).at(depth)) & current_q()


def on_caseload_q(who: Who | Any, field: str = "pk", *, depth: int = 0) -> Q:
    """Rows whose user at `field` is a teacher on the user's current caseload (an
    assignment started on or before today and not ended). Evidence routes coaches'
    reviews with it (registered in `coaching.apps`)."""
    caseload = CoachingAssignment.objects.filter(caseload_q(who, depth=depth + 1))
    return Q(**{f"{field}__in": caseload.values("teacher_id")})


def coached_ever_q(who: Who | Any, field: str = "pk", *, depth: int = 0) -> Q:
    """Rows whose user at `field` is a teacher the user coaches or has coached."""
    assigned = CoachingAssignment.objects.filter(coach_id=as_who(who).at(depth + 1))
    return Q(**{f"{field}__in": assigned.values("teacher_id")})


def school_admin_q(who: Who | Any, path: str = "", *, depth: int = 0) -> Q:
    """Rows whose organization (at `path`; "" for an Organization itself) is a school or
    district the user administers."""
    kind = f"{path}__kind__in" if path else "kind__in"
    return administered_q(who, path, depth=depth) & Q(**{kind: EDUCATION_KINDS})


def _self(who: Who) -> Q:
    return Q(pk=who.at(0))


def _teacher(who: Who) -> Q:
    return Q(teacher_id=who.at(0))


def _coach(who: Who) -> Q:
    return Q(coach_id=who.at(0))


def _open_for_teacher(who: Who) -> Q:
    return Q(teacher_id=who.at(0), dismissed_at__isnull=True)


# Policies -------------------------------------------------------------------------------


class TeacherPolicy(Policy[User]):
    """Teachers, as coaching sees them: `coach` (log sessions, write goals, recommend
    modules, open the coach's teacher page) is for their current coach; the lists of
    goals and sessions are narrowed to a teacher by the teacher themselves and by those
    who coach them now (goals) or ever did (sessions: each coach keeps their own log)."""

    model = User
    rules = {
        "coach": {"current coach": lambda who: on_caseload_q(who)},
        "follow_goals": {"themselves": _self, "current coach": lambda who: on_caseload_q(who)},
        "follow_sessions": {"themselves": _self, "coach": lambda who: coached_ever_q(who)},
    }


class CaseloadPolicy(Policy[Organization]):
    """The caseloads at a school or district: assigned, reassigned and ended by its
    admins (a district's admins for all its schools)."""

    model = Organization
    rules = {"manage": {"admin": lambda who: school_admin_q(who)}}
    superuser_actions = frozenset({"manage"})


class CoachingAssignmentPolicy(Policy[CoachingAssignment]):
    """An assignment is seen by the coach while it is under way, by its teacher (their
    whole coaching history, `history`) and by the admins of its school, who end it."""

    model = CoachingAssignment
    rules = {
        "view": {
            "current coach": lambda who: caseload_q(who),
            "teacher": _teacher,
            "admin": lambda who: school_admin_q(who, "school"),
        },
        "manage": {"admin": lambda who: school_admin_q(who, "school")},
        "history": {"teacher": _teacher},
    }
    superuser_actions = frozenset({"view", "manage"})


class CoachingSessionPolicy(Policy[CoachingSession]):
    """A session log: seen by its coach and its teacher; its private notes read, and the
    session used (its notes attached to evidence, a module recommended from it), by the
    coach who logged it only."""

    model = CoachingSession
    rules = {
        "view": {"coach": _coach, "teacher": _teacher},
        "read_private_notes": {"author": _coach},
        "use": {"author": _coach},
        "oversee": {},
    }
    superuser_actions = frozenset({"oversee"})


_WRITE_GOALS = {
    "teacher": _teacher,
    "current coach": lambda who: on_caseload_q(who, "teacher_id"),
}


class GoalPolicy(Policy[Goal]):
    """A goal (with its action steps) is written together: the teacher and their
    current coach see and change it."""

    model = Goal
    rules = {"view": _WRITE_GOALS, "edit": _WRITE_GOALS, "oversee": {}}
    superuser_actions = frozenset({"oversee"})


class RecommendationPolicy(Policy[Recommendation]):
    model = Recommendation
    rules = {
        "view": {"teacher": _open_for_teacher, "coach": _coach},
        "dismiss": {"teacher": _open_for_teacher},
        "oversee": {},
    }
    superuser_actions = frozenset({"oversee"})


class CoachingReportPolicy(Policy[Organization]):
    """The coaching report of a school or district (aggregates only, never notes): read
    by its admins. A district's report covers its schools."""

    model = Organization
    rules = {"view": {"admin": lambda who: school_admin_q(who)}}
    superuser_actions = frozenset({"view"})


teachers = TeacherPolicy()
caseloads = CaseloadPolicy()
assignments = CoachingAssignmentPolicy()
sessions = CoachingSessionPolicy()
goals = GoalPolicy()
recommendations = RecommendationPolicy()
reports = CoachingReportPolicy()


# Predicates -----------------------------------------------------------------------------


def coaches(coach: User, teacher: User) -> bool:
    """`teacher` is on `coach`'s current caseload."""
    return teachers.allows(coach, "coach", teacher)


def can_manage_caseloads(user: User, school: Organization) -> bool:
    return caseloads.allows(user, "manage", school)


def can_manage_assignment(user: User, assignment: CoachingAssignment) -> bool:
    return assignments.allows(user, "manage", assignment)


def can_see_session(user: User, session: CoachingSession) -> bool:
    """The coach who logged it, and the teacher (who sees the shared notes only)."""
    return sessions.allows(user, "view", session)


def can_read_private_notes(user: User, session: CoachingSession) -> bool:
    return sessions.allows(user, "read_private_notes", session)


def can_use_session(user: User, session: CoachingSession) -> bool:
    """Attach its notes to evidence, recommend a module from it: its coach."""
    return sessions.allows(user, "use", session)


def can_edit_goal(user: User, goal: Goal) -> bool:
    """Goals are written together: the teacher and their current coach."""
    return goals.allows(user, "edit", goal)


def can_dismiss_recommendation(user: User, recommendation: Recommendation) -> bool:
    return recommendations.allows(user, "dismiss", recommendation)


def report_totals_disclosed(report: CoachingReport) -> bool:
    """The report's district totals are shown only when no school or kind of session is
    withheld: a withheld group could be worked out as the total minus the others."""
    return not any(r.suppressed for r in (*report.by_school, *report.by_kind))


# The main menu --------------------------------------------------------------------------


def _any(policy: Policy, action: str) -> Q:
    """Users (a `Q` over the user model) for whom `policy` gives some object `action`."""
    return policy.holders_q(action)


def coaches_q() -> Q:
    """Users who coach somewhere: the caseload dashboard is theirs."""
    return Q(Exists(Membership.objects.filter(user=OuterRef("pk"), role=Membership.Role.COACH)))


def manages_caseloads_q() -> Q:
    """Users who manage some school's caseloads (and read its coaching report)."""
    return _any(caseloads, "manage")


def is_coached_q() -> Q:
    """Users who have been on a caseload: "My coaching" shows their goals and sessions."""
    return _any(assignments, "history")


def _user_is(user: User, q: Q) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return User.objects.filter(q, pk=user.pk).exists()


def can_open_caseload_dashboard(user: User) -> bool:
    return _user_is(user, coaches_q())


def can_manage_any_caseload(user: User) -> bool:
    """The caseloads page (and the menu's Caseloads entry)."""
    return _user_is(user, manages_caseloads_q())


def can_read_any_report(user: User) -> bool:
    """The coaching report page (and the menu's Reports entry)."""
    return _user_is(user, _any(reports, "view"))


def is_coached(user: User) -> bool:
    return _user_is(user, is_coached_q())


@dataclass(frozen=True)
class CoachingMenu:
    """The coaching entries of the main menu for one person."""

    url: str  # where "Coaching" leads; "" for no entry
    coach: bool  # My caseload
    admin: bool  # Caseloads and Reports
    coached: bool  # My coaching

    @property
    def subnav(self) -> bool:
        """The coaching pages show their own menu when there is more than one place."""
        return self.coach + self.coached + 2 * self.admin > 1

    @classmethod
    def of(cls, *, coach: bool, admin: bool, coached: bool) -> CoachingMenu:
        """The entries for someone who coaches / manages caseloads / is coached: the
        "Coaching" entry leads to the first of the dashboard, the caseloads, my coaching."""
        if coach:
            url = reverse("coaching:caseload-dashboard")
        elif admin:
            url = reverse("coaching:assignment-list")
        elif coached:
            url = reverse("coaching:teacher-me")
        else:
            url = ""
        return cls(url=url, coach=bool(coach), admin=bool(admin), coached=bool(coached))


NO_COACHING_MENU = CoachingMenu(url="", coach=False, admin=False, coached=False)


def coaching_menu(user: User) -> CoachingMenu:
    """The coaching menu entries `user` may open, from one query."""
    if not user.is_authenticated or not user.is_active:
        return NO_COACHING_MENU
    flags = {"coach": coaches_q(), "admin": manages_caseloads_q(), "coached": is_coached_q()}
    wrapped = {name: ExpressionWrapper(q, output_field=BooleanField()) for name, q in flags.items()}
    row = User.objects.filter(pk=user.pk).annotate(**wrapped).values(*flags).first()
    if row is None:
        return NO_COACHING_MENU
    return CoachingMenu.of(**row)


def coaching_home_url(user: User) -> str:
    """Where the main menu's "Coaching" entry leads for `user` ("" for no entry)."""
    return coaching_menu(user).url
