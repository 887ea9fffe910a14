"""Reads for badges, already scoped to who is asking."""

from __future__ import annotations

import uuid

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from accounts.models import Organization, User
from accounts.scopes import organizations_administered
from competencies.models import Competency

from . import permissions
from .models import Assertion, BadgeClass, CreditAgreement, Endorsement, Issuer


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


# Issuers a person awards for -----------------------------------------------------------


def issuers_managed_by(user: User) -> QuerySet[Issuer]:
    """Issuers whose badges `user` awards and manages (and builds pathways from)."""
    return (
        permissions.issuers.queryset(user, "manage").select_related("organization").order_by("name")
    )


def badge_classes_managed_by(user: User) -> QuerySet[BadgeClass]:
    """Badge classes of the issuers `user` manages, archived ones left out."""
    return (
        permissions.badge_classes.queryset(user, "manage")
        .exclude(status=BadgeClass.Status.ARCHIVED)
        .select_related("issuer")
        .order_by("name")
    )


# Credit agreements and endorsements ----------------------------------------------------


def credit_agreements_in_effect(badge_class: BadgeClass) -> list[CreditAgreement]:
    """Agreements on this badge (a pathway's are on its badge) that apply today."""
    return list(
        CreditAgreement.objects.filter(
            badge_class=badge_class,
            status=CreditAgreement.Status.ACTIVE,
            effective_from__lte=timezone.localdate(),
        )
        .select_related("institution")
        .order_by("effective_from", "pk")
    )


def endorsements_of(badge_class: BadgeClass) -> list[Endorsement]:
    return list(
        Endorsement.objects.filter(badge_class=badge_class, status=Endorsement.Status.ACTIVE)
        .select_related("endorser", "issuer")
        .order_by("endorsed_on", "pk")
    )


def endorsement_for_hosting(public_id: uuid.UUID) -> Endorsement | None:
    """A published endorsement (withdrawn ones too: they answer 410). Drafts' are not."""
    return (
        Endorsement.objects.select_related("badge_class", "issuer", "endorser")
        .exclude(badge_class__status=BadgeClass.Status.DRAFT)
        .filter(public_id=public_id)
        .first()
    )


def agreements_managed_by(user: User) -> QuerySet[CreditAgreement]:
    """Agreements of colleges `user` administers, or on badges of issuers they manage."""
    return permissions.credit_agreements.queryset(user, "manage").select_related(
        "institution", "badge_class"
    )


def endorsements_managed_by(user: User) -> QuerySet[Endorsement]:
    return permissions.endorsements.queryset(user, "manage").select_related(
        "endorser", "badge_class"
    )


def colleges_for(user: User) -> QuerySet[Organization]:
    """Colleges `user` may record an agreement for: their own, or any if they manage an
    issuer (recording what a college signed)."""
    colleges = Organization.objects.filter(kind=Organization.Kind.COLLEGE).order_by("name")
    if user.is_superuser or issuers_managed_by(user).exists():
        return colleges
    return colleges.filter(pk__in=organizations_administered(user).values("pk"))


def endorsers_for(user: User) -> QuerySet[Organization]:
    """Employers and associations `user` may record an endorsement for (as for colleges)."""
    orgs = Organization.objects.filter(kind__in=permissions.ENDORSER_KINDS).order_by("name")
    if user.is_superuser or issuers_managed_by(user).exists():
        return orgs
    return orgs.filter(pk__in=organizations_administered(user).values("pk"))
