"""Reads for badges, already scoped to who is asking."""

from __future__ import annotations

import uuid

from django.db.models import Prefetch, QuerySet

from accounts.models import User
from competencies.models import Competency

from .models import Assertion, BadgeClass, Issuer


def _alignments_prefetch() -> Prefetch:
    return Prefetch("alignments", queryset=Competency.objects.select_related("framework"))


def assertions_held_by(user: User) -> QuerySet[Assertion]:
    """My badges: everything awarded to me, newest first, superseded renewals left out."""
    return (
        Assertion.objects.filter(recipient=user, superseded_at__isnull=True)
        .select_related("badge_class__issuer", "badge_class__cte_competency", "recipient")
        .order_by("-issued_on", "-pk")
    )


def assertions_public_for_profile(owner: User) -> QuerySet[Assertion]:
    """Badges the earner opted to show. Empty unless their profile itself is public."""
    if not owner.profile_public:
        return Assertion.objects.none()
    return (
        Assertion.objects.filter(
            recipient=owner, is_public=True, revoked_at__isnull=True, superseded_at__isnull=True
        )
        .select_related("badge_class__issuer")
        .order_by("-issued_on")
    )


def assertion_for_hosting(public_id: uuid.UUID) -> Assertion | None:
    """The hosted assertion by its public id (anyone holding the link may verify it)."""
    return (
        Assertion.objects.select_related(
            "badge_class__issuer__organization",
            "badge_class__cte_competency__framework",
            "recipient",
        )
        .filter(public_id=public_id)
        .first()
    )


def assertion_for_hosted_json(public_id: uuid.UUID) -> Assertion | None:
    """Just what the hosted JSON-LD needs: the assertion and its badge class (one query)."""
    rows = list(
        Assertion.objects.select_related("badge_class").filter(public_id=public_id).order_by()[:1]
    )
    return rows[0] if rows else None


def badge_class_for_hosting(public_id: uuid.UUID) -> BadgeClass | None:
    """A hosted badge class. Drafts are not published."""
    return (
        BadgeClass.objects.select_related("issuer", "cte_competency__framework")
        .prefetch_related(_alignments_prefetch())
        .exclude(status=BadgeClass.Status.DRAFT)
        .filter(public_id=public_id)
        .first()
    )


def issuer_for_hosting(public_id: uuid.UUID) -> Issuer | None:
    return Issuer.objects.select_related("organization").filter(public_id=public_id).first()


def revoked_assertions_of(issuer: Issuer) -> QuerySet[Assertion]:
    return (
        Assertion.objects.filter(badge_class__issuer=issuer, revoked_at__isnull=False)
        .only("public_id", "revocation_reason", "revoked_at")
        .order_by("revoked_at", "pk")
    )


def badge_class_by_slug(slug: str) -> BadgeClass | None:
    return BadgeClass.objects.select_related("issuer__organization").filter(slug=slug).first()
