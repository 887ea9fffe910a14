"""What the navigation needs about evidence: one query, and only when a page asks."""

from __future__ import annotations

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from accounts.models import Membership, Placement, Section, User

from .models import Notification, ReviewerGroup


def _nav(user: User) -> dict[str, object]:
    if not user.is_authenticated:
        return {"unread": 0, "reviews": False, "moderates": False}
    me = OuterRef("pk")
    unread = (
        Notification.objects.filter(user=me, read_at__isnull=True)
        .order_by()
        .values("user")
        .annotate(n=Count("pk"))
        .values("n")
    )
    row = (
        User.objects.filter(pk=user.pk)
        .annotate(
            unread=Coalesce(Subquery(unread, output_field=IntegerField()), 0),
            teaches=Exists(Section.teachers.through.objects.filter(user=me)),
            places=Exists(Placement.objects.filter(Q(supervisor=me) | Q(mentor=me))),
            in_group=Exists(ReviewerGroup.members.through.objects.filter(user=me)),
            on_committee=Exists(
                ReviewerGroup.members.through.objects.filter(
                    user=me, reviewergroup__is_moderation_committee=True
                )
            ),
            staff_role=Exists(
                Membership.objects.filter(
                    user=me, role__in=[Membership.Role.ADMIN, Membership.Role.COACH]
                )
            ),
            admin_role=Exists(Membership.objects.filter(user=me, role=Membership.Role.ADMIN)),
        )
        .values(
            "unread", "teaches", "places", "in_group", "on_committee", "staff_role", "admin_role"
        )
        .first()
    )
    if row is None:
        return {"unread": 0, "reviews": False, "moderates": False}
    return {
        "unread": row["unread"],
        "reviews": row["teaches"] or row["places"] or row["in_group"] or row["staff_role"],
        "moderates": row["on_committee"] or row["admin_role"],
    }


def evidence_nav(request: HttpRequest) -> dict[str, object]:
    """`evidence_nav.unread`, `.reviews` (show the review queue), `.moderates`."""
    return {"evidence_nav": SimpleLazyObject(lambda: _nav(request.user))}
