"""Moderation reads: pending cases for a committee member, flagged ones for admins."""

from __future__ import annotations

from django.db.models import QuerySet

from accounts.models import User

from .. import permissions
from ..models import ModerationCase


def moderation_queue(*, user: User) -> QuerySet[ModerationCase]:
    """Pending cases `user` may decide (a committee member who took no part)."""
    return (
        permissions.moderation_cases.queryset(user, "decide")
        .filter(status=ModerationCase.Status.PENDING)
        .select_related("submission__badge_class", "submission__earner", "committee")
        .order_by("created_at", "pk")
    )


def moderation_flagged_for_admin(*, user: User) -> QuerySet[ModerationCase]:
    """Flagged approvals `user` may resolve."""
    return (
        permissions.moderation_cases.queryset(user, "resolve")
        .filter(status=ModerationCase.Status.FLAGGED)
        .select_related("submission__badge_class", "submission__earner", "submission__assertion")
        .order_by("decided_at", "pk")
    )
