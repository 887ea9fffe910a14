"""The badges a person holds, as the earner and their public profile see them."""

from __future__ import annotations

import uuid

from django.db.models import QuerySet

from accounts.models import User

from ..models import Assertion, Issuer


def assertions_held_by(*, user: User) -> QuerySet[Assertion]:
    """My badges: everything awarded to me, newest first, superseded renewals left out."""
    return (
        Assertion.objects.filter(recipient=user, superseded_at__isnull=True)
        .select_related("badge_class__issuer", "badge_class__cte_competency", "recipient")
        .order_by("-issued_on", "-pk")
    )


def issuers_of_held(*, user: User) -> list[Issuer]:
    """The issuers of the badges `user` holds, by name (what my badges filter by)."""
    return list(
        Issuer.objects.filter(
            badge_classes__assertions__recipient=user,
            badge_classes__assertions__superseded_at__isnull=True,
        )
        .distinct()
        .order_by("name", "pk")
    )


def public_profile_owner(*, public_id: uuid.UUID) -> User | None:
    """The earner whose profile this is, if it is public (opt-in) and their account active."""
    owner = User.objects.filter(public_id=public_id, is_active=True).first()
    return owner if owner is not None and owner.profile_public else None


def assertions_public_for_profile(*, owner: User) -> QuerySet[Assertion]:
    """Badges the earner opted to show. Empty unless their profile itself is public."""
    if not owner.profile_public:
        return Assertion.objects.none()
    return assertions_marked_public(owner=owner)


def assertions_marked_public(*, owner: User) -> QuerySet[Assertion]:
    """The badges the earner marked public (valid, current), whether or not their
    profile is on: what their profile shows, and its preview."""
    return (
        Assertion.objects.filter(
            recipient=owner, is_public=True, revoked_at__isnull=True, superseded_at__isnull=True
        )
        .select_related("badge_class__issuer")
        .order_by("-issued_on")
    )


def assertions_for_record(*, user: User) -> QuerySet[Assertion]:
    """What the earner may put in their learner record: held, not revoked, not renewed."""
    return (
        Assertion.objects.filter(
            recipient=user, revoked_at__isnull=True, superseded_at__isnull=True
        )
        .select_related(
            "badge_class__issuer",
            "badge_class__cte_competency__framework",
            "status_list_entry",
        )
        .order_by("-issued_on", "-pk")
    )
