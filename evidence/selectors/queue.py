"""The review queue: what a reviewer may review now, oldest first, and its filters."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet

from accounts.models import Section, User

from .. import permissions
from ..filters import ReviewQueueFilter
from ..models import Review, Submission


def review_queue(*, user: User) -> QuerySet[Submission]:
    """What `user` may review now, oldest first, without what they already reviewed."""
    reviewed = Review.objects.filter(
        submission=OuterRef("pk"), reviewer=user, version__number=OuterRef("version")
    )
    return (
        permissions.reviewable(user)
        .filter(~Exists(reviewed))
        .select_related("badge_class__issuer", "earner", "submitted_by")
        .annotate(
            approvals=Count(
                "reviews",
                filter=Q(reviews__decision="approve", reviews__version__number=F("version")),
            )
        )
        .order_by("submitted_at", "pk")
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
        everything.order_by()
        .values_list("badge_class__slug", "badge_class__name")
        .distinct()
        .order_by("badge_class__name")
    )
    sections = [
        (str(pid), name)
        for pid, name in Section.objects.filter(teachers=user)
        .order_by("name")
        .values_list("public_id", "name")
    ]
    filterset = ReviewQueueFilter(data or {}, everything, badges=badges, sections=sections)
    return QueueView(filterset=filterset, has_sections=bool(sections))
