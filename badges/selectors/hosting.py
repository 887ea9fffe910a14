"""Reads behind the hosted Open Badges 2.0 documents: what a permanent URL names.

Anyone holding a hosted link may read what it names, as the standard wants; drafts are
not published.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

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


@dataclass(frozen=True)
class HostedAssertion:
    """What the hosted JSON-LD of an assertion is made from (the 410 body needs only
    `public_id` and the revocation): plain values, no model instances."""

    public_id: uuid.UUID
    revoked_at: datetime | None
    revocation_reason: str
    salt: str
    recipient_hash: str
    issued_on: datetime
    narrative: str
    evidence: list[dict[str, Any]] | None
    expires_at: datetime | None
    badge_public_id: uuid.UUID
    badge_image_type: str

    @classmethod
    def of(cls, assertion: Assertion) -> HostedAssertion:
        """The same values from an assertion already loaded (with its badge class)."""
        return cls(
            public_id=assertion.public_id,
            revoked_at=assertion.revoked_at,
            revocation_reason=assertion.revocation_reason,
            salt=assertion.salt,
            recipient_hash=assertion.recipient_hash,
            issued_on=assertion.issued_on,
            narrative=assertion.narrative,
            evidence=assertion.evidence,
            expires_at=assertion.expires_at,
            badge_public_id=assertion.badge_class.public_id,
            badge_image_type=assertion.badge_class.image_type,
        )


# The columns of `HostedAssertion`, in its order.
_HOSTED_JSON_COLUMNS = (
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


def assertion_for_hosted_json(*, public_id: uuid.UUID) -> HostedAssertion | None:
    """Just what the hosted JSON-LD needs, of the assertion and its badge class: one
    query by the unique public id, read on every request (never cached per process, so
    a revocation shows on the next request everywhere), as plain values: no model
    instances and no related-model selection to build for one row."""
    rows = list(
        Assertion.objects.filter(public_id=public_id)
        .order_by()
        .values_list(*_HOSTED_JSON_COLUMNS)[:1]
    )
    return HostedAssertion(*rows[0]) if rows else None


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
