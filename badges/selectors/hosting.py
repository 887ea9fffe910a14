"""Reads behind the hosted Open Badges 2.0 documents: what a permanent URL names.

Anyone holding a hosted link may read what it names, as the standard wants; drafts are
not published.
"""

from __future__ import annotations

import uuid

from django.db.models import Prefetch, QuerySet

from competencies.models import Competency

from ..models import Assertion, BadgeClass, Endorsement, Issuer


def _alignments_prefetch() -> Prefetch:
    return Prefetch("alignments", queryset=Competency.objects.select_related("framework"))


def assertion_for_hosting(*, public_id: uuid.UUID) -> Assertion | None:
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


# What `hosting.assertion_document` reads (the 410 body needs only the first ones).
HOSTED_JSON_FIELDS = (
    "public_id",
    "revoked_at",
    "revocation_reason",
    "salt",
    "recipient_hash",
    "issued_on",
    "narrative",
    "evidence",
    "expires_at",
    "badge_class__public_id",
    "badge_class__image_type",
)


def assertion_for_hosted_json(*, public_id: uuid.UUID) -> Assertion | None:
    """Just what the hosted JSON-LD needs, of the assertion and its badge class (one
    query by the unique public id; read on every request, never cached per process)."""
    rows = list(
        Assertion.objects.select_related("badge_class")
        .only(*HOSTED_JSON_FIELDS)
        .filter(public_id=public_id)
        .order_by()[:1]
    )
    return rows[0] if rows else None


def badge_class_for_hosting(*, public_id: uuid.UUID) -> BadgeClass | None:
    """A hosted badge class. Drafts are not published."""
    return (
        BadgeClass.objects.select_related("issuer", "cte_competency__framework")
        .prefetch_related(_alignments_prefetch())
        .exclude(status=BadgeClass.Status.DRAFT)
        .filter(public_id=public_id)
        .first()
    )


def badge_class_by_slug(*, slug: str) -> BadgeClass | None:
    return BadgeClass.objects.select_related("issuer__organization").filter(slug=slug).first()


def issuer_for_hosting(*, public_id: uuid.UUID) -> Issuer | None:
    return Issuer.objects.select_related("organization").filter(public_id=public_id).first()


def badge_classes_awarded_by(*, issuer: Issuer) -> QuerySet[BadgeClass]:
    """The issuer's active badge classes, by name (its hosted profile lists them)."""
    return issuer.badge_classes.filter(status=BadgeClass.Status.ACTIVE).order_by("name")


def revoked_assertions_of(*, issuer: Issuer) -> QuerySet[Assertion]:
    return (
        Assertion.objects.filter(badge_class__issuer=issuer, revoked_at__isnull=False)
        .only("public_id", "revocation_reason", "revoked_at")
        .order_by("revoked_at", "pk")
    )


def endorsement_for_hosting(*, public_id: uuid.UUID) -> Endorsement | None:
    """A published endorsement (withdrawn ones too: they answer 410). Drafts' are not."""
    return (
        Endorsement.objects.select_related("badge_class", "issuer", "endorser")
        .exclude(badge_class__status=BadgeClass.Status.DRAFT)
        .filter(public_id=public_id)
        .first()
    )
