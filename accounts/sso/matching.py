"""Which Cairn account a single sign-on is, or why there is none (reads only).

`match(idp=..., identity=...)` applies the rules in order:

1. the provider account is already connected (allauth's SocialAccount for this
   provider and uid) → its user;
2. the roster identifier the provider sent (`idp.roster_claim`) names a person of the
   IdP's district in the roster (`RosterRecord` of kind user, by sourcedId, identifier
   or username) → that record's user;
3. an e-mail address the provider vouches for (`identity.email_verified`) → the account
   with that address (case-insensitive); an unverified address never matches;
4. nobody: a new account when the provider creates accounts at first sign-in
   (`idp.jit_accounts`, made by `accounts.sso.services`), else refused.

Whoever is found must be active, be an account the district may take as its own
(`accounts.scopes.district_may_claim`: not staff, not a superuser, no role outside the
district), and belong to the IdP's district by membership (of the district or one of
its schools) — or be an account this provider made at first sign-in that has no role
anywhere yet. A verified address must be at one of the provider's allowed domains (an
unverified one proves nothing, and never matches nor makes an account); for Google the
Workspace domain (`hd`) must be one of them too. The roster identifier counts only
from an issuer the district's row names (`identity.trusted_issuer`). Every refusal is an
`SsoRefused` with a message for the person.
"""

from __future__ import annotations

from dataclasses import dataclass

from allauth.socialaccount.models import SocialAccount
from django.db.models import Q
from django.utils.translation import gettext as _

from core.errors import ServiceError

from ..models import IdentityProvider, Membership, Organization, RosterRecord, User
from ..scopes import district_may_claim
from .identity import SsoIdentity

ASK_ADMIN = "Ask your school's Cairn administrator."
LOOKED_AFTER_ELSEWHERE = (
    "This account is looked after outside your district's sign-in; sign in with your password."
)


class SsoRefused(ServiceError):
    """A single sign-on that lands in no account; the message says why and what to do."""

    code = "sso_refused"
    status = 403


@dataclass(frozen=True)
class Match:
    """The account a sign-in lands in (`user`), and by which rule (`via`: "connected",
    "roster", "email"); `user` is None with `via` "jit" for a new account to create."""

    user: User | None
    via: str


def _refuse(code: str, message: str) -> SsoRefused:
    return SsoRefused(f"{message} {_(ASK_ADMIN)}", code=code)


def _allowed(idp: IdentityProvider) -> list[str]:
    return [d.lower().lstrip("@") for d in idp.allowed_domains or []]


def _check_domain(idp: IdentityProvider, identity: SsoIdentity) -> None:
    """A verified address must be at an allowed domain; for Google, so must the
    Workspace domain (`hd`) the account belongs to."""
    allowed = _allowed(idp)
    if not allowed:
        return
    hd = identity.extra.get("hd", "").lower()
    if idp.kind == IdentityProvider.Kind.GOOGLE and hd not in allowed:
        raise _refuse(
            "domain",
            _(
                "%(provider)s accepts Google Workspace accounts of %(domains)s only, and "
                "the account you signed in with is not one. Sign in with your school account."
            )
            % {"provider": idp.name, "domains": ", ".join(allowed)},
        )
    if identity.email_verified and identity.domain not in allowed:
        raise _refuse(
            "domain",
            _(
                "%(provider)s accepts addresses at %(domains)s only, and you signed in as "
                "%(email)s. Sign in with your school account."
            )
            % {
                "provider": idp.name,
                "domains": ", ".join(allowed),
                "email": identity.email or _("an account without an e-mail address"),
            },
        )


def _by_connected_account(idp: IdentityProvider, identity: SsoIdentity) -> User | None:
    account = (
        SocialAccount.objects.filter(provider=idp.slug, uid=identity.uid)
        .select_related("user")
        .first()
    )
    return account.user if account is not None else None


def _by_roster(idp: IdentityProvider, identity: SsoIdentity) -> User | None:
    value = identity.roster_value.strip()
    if not idp.roster_claim or not value or not identity.trusted_issuer:
        return None
    records = list(
        RosterRecord.objects.filter(
            Q(sourced_id=value) | Q(identifier=value) | Q(username=value),
            district_id=idp.district_id,
            kind=RosterRecord.Kind.USER,
            status=RosterRecord.Status.ACTIVE,
            user__isnull=False,
        ).select_related("user")[:10]
    )
    users = {record.user_id: record.user for record in records}
    if len(users) > 1:
        # sourcedId names one record; prefer it over identifier/username look-alikes.
        exact = [r.user for r in records if r.sourced_id == value]
        if len(exact) == 1:
            return exact[0]
        raise _refuse(
            "ambiguous", _("Your district's roster names more than one Cairn account for you.")
        )
    return next(iter(users.values()), None)


def _by_verified_email(identity: SsoIdentity) -> User | None:
    if not identity.email or not identity.email_verified:
        return None
    return User.objects.filter(email__iexact=identity.email.strip()).first()


def belongs_to_district(user: User, district_id: int) -> bool:
    """Has `user` a membership of the district or of one of its schools?"""
    return Membership.objects.filter(
        Q(organization_id=district_id)
        | Q(organization__parent_id=district_id, organization__kind=Organization.Kind.SCHOOL),
        user=user,
    ).exists()


def _made_here(idp: IdentityProvider, user: User, via: str) -> bool:
    """An account this provider made at first sign-in (connected to it, no role
    anywhere yet), signing in again."""
    return via == "connected" and idp.jit_accounts and not user.memberships.exists()


def _check_user(idp: IdentityProvider, user: User, via: str) -> None:
    if not user.is_active:
        raise _refuse("inactive", _("Your Cairn account is switched off."))
    if not belongs_to_district(user, idp.district_id) and not _made_here(idp, user, via):
        raise _refuse(
            "other_district",
            _(
                "Your Cairn account does not belong to %(district)s, whose sign-in you used. "
                "Sign in with your own district's button."
            )
            % {"district": idp.district.name},
        )
    if not district_may_claim(idp.district_id, user):
        raise SsoRefused(_(LOOKED_AFTER_ELSEWHERE), code="elsewhere")


def match(*, idp: IdentityProvider, identity: SsoIdentity) -> Match:
    """The account `identity` signs in to through `idp`, by the rules above; raises
    `SsoRefused` when there is none (or it may not sign in here)."""
    if not idp.enabled:
        raise _refuse(
            "disabled",
            _("Signing in with %(provider)s is switched off.") % {"provider": idp.name},
        )
    _check_domain(idp, identity)
    for via, find in (
        ("connected", lambda: _by_connected_account(idp, identity)),
        ("roster", lambda: _by_roster(idp, identity)),
        ("email", lambda: _by_verified_email(identity)),
    ):
        user = find()
        if user is not None:
            _check_user(idp, user, via)
            return Match(user=user, via=via)
    # Nobody found: an address the provider did not vouch for proves nothing (not the
    # person, not the domain), so it neither matches nor makes an account.
    if identity.email and not identity.email_verified:
        raise _refuse(
            "unverified",
            _(
                "%(provider)s did not confirm that %(email)s is your address, and your "
                "district's roster does not name you, so Cairn cannot tell which account "
                "is yours."
            )
            % {"provider": idp.name, "email": identity.email},
        )
    if not idp.jit_accounts:
        raise _refuse("unknown", _("Your district has not added you to Cairn yet."))
    if not identity.email:
        raise _refuse(
            "no_email",
            _("%(provider)s did not send an e-mail address, which a new Cairn account needs.")
            % {"provider": idp.name},
        )
    return Match(user=None, via="jit")
