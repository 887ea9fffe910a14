"""Access policies for issuers, badge classes, assertions, credit agreements and
endorsements. Each rule is written once, as a `Q` (see `core.policies`); the
predicates below are names for what pages, the API, the admin and the menu ask.

- An issuer's badges are awarded, revoked and managed by the admins of the issuer's
  organization (or of its district). Employers and industry associations hold an
  issuer profile only to endorse: they never award.
- The earner owns their assertion (public switch, downloads); an assertion names its
  earner to the earner, to those who may revoke it, and to anyone once made public.
- A credit agreement is recorded by the college's admins or the issuer's; an
  endorsement by the endorser's admins or the issuer's.
- An issuer's Open Badges 3.0 signing keys are rotated by the admins of its
  organization (endorsers too: they sign their endorsements); Cairn's own key, which
  belongs to no issuer, by superusers only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from accounts.models import Organization
from accounts.scopes import administered_q, administers, organizations_administered
from core.policies import Policy, Who

from .models import Assertion, BadgeClass, CreditAgreement, Endorsement, Issuer, IssuerKey

if TYPE_CHECKING:
    from accounts.models import User

# Organizations that endorse badges (and get an Open Badges profile to do it) but never
# award them.
ENDORSER_KINDS = (Organization.Kind.EMPLOYER, Organization.Kind.ASSOCIATION)


def issuing_q(who: Who, path: str, *, depth: int = 0) -> Q:
    """Rows whose issuer (at `path`) the user awards for: they administer its
    organization, which is not an endorser."""
    org = f"{path}__organization" if path else "organization"
    return administered_q(who, org, depth=depth) & ~Q(**{f"{org}__kind__in": ENDORSER_KINDS})


def key_holding_q(who: Who, path: str) -> Q:
    """Rows whose issuer (at `path`) holds keys the user rotates: they administer its
    organization (an endorser's too)."""
    return administered_q(who, f"{path}__organization" if path else "organization")


class IssuerPolicy(Policy[Issuer]):
    model = Issuer
    rules = {
        "award": {"issuer admin": lambda who: issuing_q(who, "")},
        "manage": {"issuer admin": lambda who: issuing_q(who, "")},
        "rotate_key": {"issuer admin": lambda who: key_holding_q(who, "")},
    }
    superuser_actions = frozenset({"award", "manage", "rotate_key"})


class IssuerKeyPolicy(Policy[IssuerKey]):
    """Signing keys, as the issuer's `rotate_key`; Cairn's own (no issuer) is no one's
    but the superusers'."""

    model = IssuerKey
    rules = {"rotate": {"issuer admin": lambda who: key_holding_q(who, "issuer")}}
    superuser_actions = frozenset({"rotate"})


class BadgeClassPolicy(Policy[BadgeClass]):
    model = BadgeClass
    rules = {
        "award": {"issuer admin": lambda who: issuing_q(who, "issuer")},
        "manage": {"issuer admin": lambda who: issuing_q(who, "issuer")},
    }
    superuser_actions = frozenset({"award", "manage"})


class AssertionPolicy(Policy[Assertion]):
    model = Assertion
    rules = {
        "revoke": {"issuer admin": lambda who: issuing_q(who, "badge_class__issuer")},
        "own": {"earner": lambda who: Q(recipient_id=who.at(0))},
        "see_name": {
            "earner": lambda who: Q(recipient_id=who.at(0)),
            "issuer admin": lambda who: issuing_q(who, "badge_class__issuer"),
            "made public": lambda who: Q(is_public=True),
        },
    }
    superuser_actions = frozenset({"revoke", "see_name"})


def _agreement_issuer_q(who: Who) -> Q:
    return issuing_q(who, "badge_class__issuer")


class CreditAgreementPolicy(Policy[CreditAgreement]):
    model = CreditAgreement
    rules = {
        "manage": {
            "college admin": lambda who: administered_q(who, "institution"),
            "issuer admin": _agreement_issuer_q,
        },
    }
    superuser_actions = frozenset({"manage"})


class EndorsementPolicy(Policy[Endorsement]):
    model = Endorsement
    rules = {
        "manage": {
            "endorser admin": lambda who: administered_q(who, "endorser"),
            "issuer admin": lambda who: issuing_q(who, "badge_class__issuer"),
        },
    }
    superuser_actions = frozenset({"manage"})


issuers = IssuerPolicy()
issuer_keys = IssuerKeyPolicy()
badge_classes = BadgeClassPolicy()
assertions = AssertionPolicy()
credit_agreements = CreditAgreementPolicy()
endorsements = EndorsementPolicy()


# Predicates ---------------------------------------------------------------------------


def can_award(user: User, issuer: Issuer) -> bool:
    return issuers.allows(user, "award", issuer)


def can_manage_badge_class(user: User, badge_class: BadgeClass) -> bool:
    return badge_classes.allows(user, "manage", badge_class)


def can_revoke(user: User, assertion: Assertion) -> bool:
    return assertions.allows(user, "revoke", assertion)


def can_view_assertion_owner_page(user: User, assertion: Assertion) -> bool:
    """The earner manages their own assertion (downloads, public switch)."""
    return assertions.allows(user, "own", assertion)


def can_see_recipient_name(user: User, assertion: Assertion) -> bool:
    """A hosted assertion names its earner once they made it public (to anyone, signed
    in or not), and otherwise to the earner and to those who may revoke it."""
    if assertion.is_public:
        return True
    return assertions.allows(user, "see_name", assertion)


def can_rotate_signing_key(user: User, issuer: Issuer | None) -> bool:
    """An issuer's admins rotate its Open Badges 3.0 signing key; only superusers rotate
    Cairn's own key (issuer None), which signs learner records."""
    if issuer is None:
        return user.is_authenticated and user.is_active and user.is_superuser
    return issuers.allows(user, "rotate_key", issuer)


def issuing_organizations(user: User) -> QuerySet[Organization]:
    """The organizations `user` may hold an awarding issuer for: those they administer
    but endorsers (every organization for superusers) — whose issuers they manage."""
    if user.is_authenticated and user.is_active and user.is_superuser:
        return Organization.objects.all()
    return organizations_administered(user).exclude(kind__in=ENDORSER_KINDS)


def can_record_agreement(
    user: User, *, institution: Organization | None, badge_class: BadgeClass
) -> bool:
    """The college's admins, or the admins of the badge's issuer."""
    if institution is not None and administers(user, institution):
        return True
    return badge_classes.allows(user, "award", badge_class)


def can_endorse(user: User, *, endorser: Organization, badge_class: BadgeClass) -> bool:
    """The endorsing organization's admins, or the badge issuer's admins recording an
    endorsement they received."""
    if user.is_authenticated and user.is_superuser:
        return True
    return administers(user, endorser) or badge_classes.allows(user, "award", badge_class)


def can_manage_agreement(user: User, agreement: CreditAgreement) -> bool:
    return credit_agreements.allows(user, "manage", agreement)


def can_manage_endorsement(user: User, endorsement: Endorsement) -> bool:
    return endorsements.allows(user, "manage", endorsement)
