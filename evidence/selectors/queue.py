"""The review queue: what a reviewer may review now, oldest first, and its filters.

The routing is the submission policy's UNION of indexed branches; the approvals are a
count per row shown (a correlated subquery, no GROUP BY over the queue); the badge
choices are the badge classes of the queue's rows (one small query, no annotations)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from accounts.models import Section, User
from badges.models import BadgeClass

from .. import permissions
from ..filters import ReviewQueueFilter
from ..models import Review, Submission


def _waiting(user: User) -> QuerySet[Submission]:
    """What `user` may review now, without what they already reviewed (no order)."""
    reviewed = Review.objects.filter(
        submission=OuterRef("pk"), reviewer=user, version__number=OuterRef("version")
    )
    return permissions.reviewable(user).filter(~Exists(reviewed))


def review_queue(*, user: User) -> QuerySet[Submission]:
    """What `user` may review now, oldest first, without what they already reviewed,
    each with its approvals of the current version."""
    return _row_data(_waiting(user)).order_by("submitted_at", "pk")


def queue_rows() -> QuerySet[Submission]:
    """What a queue row shows, for rows already chosen through `review_queue` (a page's
    keys); it filters nothing."""
    return _row_data(Submission.objects.all())


def _row_data(submissions: QuerySet[Submission]) -> QuerySet[Submission]:
    """Each row with its badge, earner, submitter and approvals of the current version."""
    approvals = (
        Review.objects.filter(
            submission=OuterRef("pk"),
            decision=Review.Decision.APPROVE,
            version__number=OuterRef("version"),
        )
        .order_by()
        .values("submission")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return submissions.select_related("badge_class__issuer", "earner", "submitted_by").annotate(
        approvals=Coalesce(Subquery(approvals, output_field=IntegerField()), Value(0))
    )


@dataclass
class QueueView:
    """The queue with the filters applied, and the choices the page offers."""

    filterset: ReviewQueueFilter
    has_sections: bool

    @property
    def submissions(self) -> QuerySet[Submission]:
        return self.filterset.qs


def filtered_queue(*, user: User, data) -> QueueView:
    """`review_queue` narrowed by `data` (query parameters), with the badges in the
    queue and the sections `user` teaches as choices."""
    everything = review_queue(user=user)
    badges = list(
        BadgeClass.objects.filter(pk__in=_waiting(user).order_by().values("badge_class_id"))
        .order_by("name", "pk")
        .values_list("slug", "name")
    )
    sections = [
        (str(pid), name)
        for pid, name in Section.objects.filter(teachers=user)
        .order_by("name")
        .values_list("public_id", "name")
    ]
    filterset = ReviewQueueFilter(data or {}, everything, badges=badges, sections=sections)
    return QueueView(filterset=filterset, has_sections=bool(sections))
