"""Module recommendations as a person may see them."""

from __future__ import annotations

import uuid

from django.db.models import QuerySet

from accounts.models import User

from .. import permissions
from ..models import Recommendation


def visible_recommendations(*, viewer: User) -> QuerySet[Recommendation]:
    """A teacher's open recommendations, and every one a coach made; newest first."""
    return (
        permissions.recommendations.queryset(viewer, "view")
        .select_related("teacher", "coach", "module", "session", "goal")
        .order_by("-created_at", "-pk")
    )


def open_recommendations(*, teacher: User) -> QuerySet[Recommendation]:
    """What `teacher` has been recommended and has not dismissed, newest first."""
    return (
        Recommendation.objects.filter(teacher=teacher, dismissed_at__isnull=True)
        .select_related("module", "coach")
        .order_by("-created_at")
    )


def dismissable_recommendation(
    *, teacher: User, public_id: uuid.UUID | str
) -> Recommendation | None:
    return (
        permissions.recommendations.queryset(teacher, "dismiss")
        .select_related("module")
        .filter(public_id=public_id)
        .first()
    )
