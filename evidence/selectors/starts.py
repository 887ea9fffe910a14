"""Which badges a person may start evidence toward, for themselves or their students.

Both lists come from the same access policy (`permissions.starts`) as the start
service's own check, so a badge offered here is a badge the service accepts.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import OuterRef, Prefetch, Subquery

from accounts.models import Section, User
from badges.models import BadgeClass

from .. import permissions
from ..models import Submission


def startable_badges(*, user: User) -> list[BadgeClass]:
    """Active badges taking evidence that `user` may start for themselves (one query).
    Each carries `open_submission`, the public id of their open one, if any."""
    open_one = Submission.objects.filter(
        earner=user, badge_class=OuterRef("pk"), status__in=Submission.OPEN_STATUSES
    ).values("public_id")[:1]
    return list(
        permissions.starts.queryset(user, "start_own")
        .select_related("issuer")
        .annotate(open_submission=Subquery(open_one))
        .order_by("name")
    )


@dataclass(frozen=True)
class OnBehalf:
    """What a teacher may start for their students: the students, by section, and the
    badges (the start page checks each student against the badge)."""

    students: list[tuple[str, list[tuple[str, str]]]]
    badges: list[BadgeClass]


def on_behalf_options(*, user: User) -> OnBehalf | None:
    """For a teacher: their sections' students and the badges they may submit for them;
    None when they have neither."""
    sections = list(
        Section.objects.filter(teachers=user)
        .prefetch_related(Prefetch("students", queryset=User.objects.order_by("name", "email")))
        .order_by("name")
    )
    if not sections:
        return None
    badges = list(permissions.starts.queryset(user, "start_for_students").order_by("name"))
    students = [
        (s.name, [(str(u.public_id), u.get_full_name()) for u in s.students.all()])
        for s in sections
        if s.students.all()
    ]
    if not badges or not students:
        return None
    return OnBehalf(students=students, badges=badges)


def student_of(*, user: User, public_id) -> User | None:
    """A student in one of `user`'s sections, by public id; None for anyone else."""
    return (
        User.objects.filter(public_id=public_id, sections_enrolled__teachers=user)
        .distinct()
        .first()
    )


def badge_taking_evidence(*, slug: str) -> BadgeClass | None:
    """An active badge class that takes evidence, by slug."""
    return (
        BadgeClass.objects.select_related("issuer__organization", "approval_policy__rubric")
        .filter(slug=slug, status=BadgeClass.Status.ACTIVE, approval_policy__isnull=False)
        .first()
    )


def open_submission(*, user: User, earner: User, badge_class: BadgeClass) -> Submission | None:
    """`earner`'s open submission toward `badge_class`, if `user` may see it."""
    from .submissions import submissions_visible_to

    return (
        submissions_visible_to(user=user, one=True)
        .filter(earner=earner, badge_class=badge_class, status__in=Submission.OPEN_STATUSES)
        .first()
    )
