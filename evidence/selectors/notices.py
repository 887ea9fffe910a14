"""Notices and who gets the reviewers' digest."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from accounts.models import Membership, User
from core.models import Notification

from .. import permissions


def notifications_for(*, user: User) -> QuerySet[Notification]:
    return permissions.notifications.queryset(user, "read").order_by("-created_at", "-pk")


def unread_count(*, user: User) -> int:
    return notifications_for(user=user).filter(read_at__isnull=True).count()


def reviewers_with_queue() -> QuerySet[User]:
    """Candidates for the daily digest: anyone who could be routed something (the digest
    then asks the policy what is waiting for each)."""
    return (
        User.objects.filter(is_active=True)
        .filter(
            Q(sections_taught__isnull=False)
            | Q(placements_supervised__isnull=False)
            | Q(placements_mentored__isnull=False)
            | Q(reviewer_groups__isnull=False)
            | Q(memberships__role__in=[Membership.Role.ADMIN, Membership.Role.COACH])
        )
        .distinct()
    )
