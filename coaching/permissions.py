"""Who may see and do what in coaching. Predicates only.

Private notes belong to the coach who wrote them: no other person, no export and
no API response ever carries them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils import timezone

from accounts.scopes import administers

if TYPE_CHECKING:
    from accounts.models import Organization, User

    from .models import CoachingSession, Goal


def coaches(coach: User, teacher: User) -> bool:
    """`teacher` is on `coach`'s current caseload."""
    from .models import CoachingAssignment

    today = timezone.localdate()
    return CoachingAssignment.objects.filter(
        coach=coach, teacher=teacher, starts_on__lte=today, ends_on__isnull=True
    ).exists()


def can_manage_caseloads(user: User, school: Organization) -> bool:
    return user.is_superuser or administers(user, school)


def can_read_private_notes(user: User, session: CoachingSession) -> bool:
    return user.is_authenticated and session.coach_id == user.pk


def can_see_session(user: User, session: CoachingSession) -> bool:
    """The coach who logged it, and the teacher (who sees the shared notes only)."""
    return user.is_authenticated and user.pk in (session.coach_id, session.teacher_id)


def can_edit_goal(user: User, goal: Goal) -> bool:
    """Goals are written together: the teacher and their current coach."""
    if not user.is_authenticated:
        return False
    return user.pk == goal.teacher_id or (user.pk == goal.coach_id and coaches(user, goal.teacher))


def on_caseload_q(who, field: str = "pk", *, depth: int = 0):
    """Rows whose user at `field` is a teacher on the user's current caseload (an
    assignment started on or before today and not ended). Evidence routes coaches'
    reviews with it (registered in `coaching.apps`)."""
    from django.db.models import Q

    from core.policies import as_who

    from .models import CoachingAssignment

    today = timezone.localdate()
    caseload = CoachingAssignment.objects.filter(
        coach=as_who(who).at(depth + 1), starts_on__lte=today, ends_on__isnull=True
    ).values("teacher_id")
    return Q(**{f"{field}__in": caseload})
