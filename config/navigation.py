"""What the main menu needs to know about the signed-in person: one query per page,
made only when a page shows the menu, shared by every app's links."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from accounts.models import Membership, Placement, Section, User
from coaching.models import CoachingAssignment
from evidence.models import Notification, ReviewerGroup

ANONYMOUS: dict[str, Any] = {
    "evidence": {"unread": 0, "reviews": False, "moderates": False},
    "coaching": {"url": "", "coach": False, "admin": False, "coached": False, "subnav": False},
    "author": False,
    "pathways_admin": False,
}


def _compute(user: User) -> dict[str, Any]:
    if not user.is_authenticated:
        return ANONYMOUS
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
            coach=Exists(Membership.objects.filter(user=me, role=Membership.Role.COACH)),
            admin=Exists(Membership.objects.filter(user=me, role=Membership.Role.ADMIN)),
            coached=Exists(CoachingAssignment.objects.filter(teacher=me)),
        )
        .values(
            "unread", "teaches", "places", "in_group", "on_committee", "coach", "admin", "coached"
        )
        .first()
    )
    if row is None:
        return ANONYMOUS
    admin = row["admin"] or user.is_superuser
    if row["coach"]:
        coaching_url = reverse("coaching:caseload-dashboard")
    elif admin:
        coaching_url = reverse("coaching:assignment-list")
    elif row["coached"]:
        coaching_url = reverse("coaching:teacher-me")
    else:
        coaching_url = ""
    return {
        "evidence": {
            "unread": row["unread"],
            "reviews": row["teaches"] or row["places"] or row["in_group"] or row["coach"] or admin,
            "moderates": row["on_committee"] or admin,
        },
        "coaching": {
            "url": coaching_url,
            "coach": row["coach"],
            "admin": admin,
            "coached": row["coached"],
            # The coaching pages show their own menu when there is more than one place to go.
            "subnav": row["coach"] + row["coached"] + 2 * admin > 1,
        },
        # District admins and coaches author modules and exemplars.
        "author": bool(row["coach"] or admin),
        # District admins build pathways and record agreements and endorsements.
        "pathways_admin": bool(admin),
    }


def navigation(request: HttpRequest) -> dict[str, object]:
    """`evidence_nav` (.unread, .reviews, .moderates), `coaching_nav` (.url, .coach, .admin,
    .coached, .subnav), `can_author_anywhere` and `can_manage_pathways`, all from one
    lazily made query."""

    def get() -> dict[str, Any]:
        cached = getattr(request, "_cairn_nav", None)
        if cached is None:
            cached = _compute(request.user)
            request._cairn_nav = cached
        return cached

    return {
        "evidence_nav": SimpleLazyObject(lambda: get()["evidence"]),
        "coaching_nav": SimpleLazyObject(lambda: get()["coaching"]),
        "can_author_anywhere": SimpleLazyObject(lambda: get()["author"]),
        "can_manage_pathways": SimpleLazyObject(lambda: get()["pathways_admin"]),
    }
