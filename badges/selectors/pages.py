"""What the hosted Open Badges 2.0 pages and the verify page show, and the credit
agreements and endorsements a person manages (with the moves open to them), as
dataclasses with their hosted URLs (the verify page and the verify API share
`VerifiedBadge`).

Built on `badges.hosting`, so imported from this module, not from `badges.selectors`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse

from accounts.models import User
from core.workflow import Move

from .. import hosting, permissions
from ..models import Assertion, BadgeClass, CreditAgreement, Endorsement, Issuer
from ..workflow import CREDIT_AGREEMENT_FLOW, ENDORSEMENT_FLOW
from .agreements import credit_agreements_in_effect, endorsements_of
from .hosting import badge_classes_awarded_by
from .managing import agreements_managed_by, endorsements_managed_by


def verify_link(url: str) -> str:
    """The verify page, filled in with `url` (a hosted assertion or a credential)."""
    return reverse("badges:verify") + "?" + urlencode({"url": url})


@dataclass(frozen=True)
class EndorsementRow:
    endorsement: Endorsement
    url: str  # its hosted Open Badges 2.0 Endorsement


@dataclass(frozen=True)
class BadgeExtras:
    """Credit agreements in effect and active endorsements, shown with a badge."""

    credit_agreements: list[CreditAgreement]
    endorsements: list[EndorsementRow]


def badge_extras(*, badge_class: BadgeClass) -> BadgeExtras:
    """Two queries."""
    return BadgeExtras(
        credit_agreements=credit_agreements_in_effect(badge_class=badge_class),
        endorsements=[
            EndorsementRow(endorsement=e, url=hosting.endorsement_url(e))
            for e in endorsements_of(badge_class=badge_class)
        ],
    )


@dataclass(frozen=True)
class IssuerBadgeRow:
    badge_class: BadgeClass
    url: str


@dataclass(frozen=True)
class IssuerPage:
    issuer: Issuer
    badge_classes: list[IssuerBadgeRow]
    canonical_url: str


def issuer_page(*, issuer: Issuer) -> IssuerPage:
    """An issuer's hosted profile for people: the badges it awards."""
    return IssuerPage(
        issuer=issuer,
        badge_classes=[
            IssuerBadgeRow(badge_class=b, url=hosting.badge_class_url(b))
            for b in badge_classes_awarded_by(issuer=issuer)
        ],
        canonical_url=hosting.issuer_url(issuer),
    )


@dataclass(frozen=True)
class BadgeClassPage:
    badge_class: BadgeClass
    doc: dict[str, Any]  # the hosted BadgeClass JSON-LD (its alignments are listed)
    issuer_url: str
    image_url: str
    canonical_url: str
    credit_agreements: list[CreditAgreement]
    endorsements: list[EndorsementRow]


def badge_class_page(*, badge_class: BadgeClass) -> BadgeClassPage:
    """A hosted badge class for people (`badge_class` as `badge_class_for_hosting` loads it)."""
    doc = hosting.badge_class_document(badge_class)
    extras = badge_extras(badge_class=badge_class)
    return BadgeClassPage(
        badge_class=badge_class,
        doc=doc,
        issuer_url=hosting.issuer_url(badge_class.issuer),
        image_url=hosting.badge_image_url(badge_class),
        canonical_url=doc["id"],
        credit_agreements=extras.credit_agreements,
        endorsements=extras.endorsements,
    )


@dataclass(frozen=True)
class AssertionPage:
    assertion: Assertion
    badge_class: BadgeClass
    issuer: Issuer
    status: str  # valid, expired or revoked
    show_name: bool
    is_owner: bool
    can_revoke: bool
    canonical_url: str
    badge_url: str
    issuer_url: str
    image_url: str
    verify_url: str


def assertion_page(*, user: User, assertion: Assertion) -> AssertionPage:
    """A hosted assertion for people, as `user` (perhaps anonymous) may see it: the
    earner's name only where the policy shows it, the revoke form to those who may."""
    badge_class = assertion.badge_class
    url = hosting.assertion_url(assertion)
    return AssertionPage(
        assertion=assertion,
        badge_class=badge_class,
        issuer=badge_class.issuer,
        status=assertion.status,
        show_name=permissions.can_see_recipient_name(user, assertion),
        is_owner=permissions.can_view_assertion_owner_page(user, assertion),
        can_revoke=user.is_authenticated
        and assertion.revoked_at is None
        and permissions.can_revoke(user, assertion),
        canonical_url=url,
        badge_url=hosting.badge_class_url(badge_class),
        issuer_url=hosting.issuer_url(badge_class.issuer),
        image_url=hosting.badge_image_url(badge_class),
        verify_url=verify_link(url),
    )


@dataclass(frozen=True)
class VerifiedBadge:
    """The badge a verification found, as the verify page and the verify API show it."""

    assertion: Assertion
    badge_class: BadgeClass
    issuer: Issuer
    assertion_url: str
    badge_url: str
    issuer_url: str
    image_url: str


def verified_badge(*, assertion: Assertion) -> VerifiedBadge:
    badge_class = assertion.badge_class
    return VerifiedBadge(
        assertion=assertion,
        badge_class=badge_class,
        issuer=badge_class.issuer,
        assertion_url=hosting.assertion_url(assertion),
        badge_url=hosting.badge_class_url(badge_class),
        issuer_url=hosting.issuer_url(badge_class.issuer),
        image_url=hosting.badge_image_url(badge_class),
    )


@dataclass(frozen=True)
class ManagedAgreement:
    agreement: CreditAgreement
    moves: list[Move]  # what the manager may do to it now (its workflow's open moves)


def agreements_managed(*, user: User) -> list[ManagedAgreement]:
    """The agreements `user` manages (the policy's `manage`), newest first, each with
    the moves `CREDIT_AGREEMENT_FLOW` leaves open: pages build their buttons from them."""
    return [
        ManagedAgreement(agreement=a, moves=CREDIT_AGREEMENT_FLOW.available(a.status))
        for a in agreements_managed_by(user=user).order_by("-created_at", "-pk")
    ]


@dataclass(frozen=True)
class ManagedEndorsement:
    endorsement: Endorsement
    url: str  # its hosted Open Badges 2.0 Endorsement
    moves: list[Move]


def endorsements_managed(*, user: User) -> list[ManagedEndorsement]:
    """The endorsements `user` manages, newest first, with `ENDORSEMENT_FLOW`'s open moves."""
    return [
        ManagedEndorsement(
            endorsement=e,
            url=hosting.endorsement_url(e),
            moves=ENDORSEMENT_FLOW.available(e.status),
        )
        for e in endorsements_managed_by(user=user).order_by("-created_at", "-pk")
    ]
