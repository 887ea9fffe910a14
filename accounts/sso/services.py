"""Writes for single sign-on: a district's identity providers (added, changed, switched
on or off by its admins) and what a sign-in changes (a new account at first sign-in,
the provider account connected, the address marked verified, a refusal recorded)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urlsplit

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core.audit import AuditAction, audit_record
from core.errors import NotFound, ServiceError
from core.net import UnsafeURL

from ..models import IdentityProvider, Organization, User
from ..scopes import administers
from .addresses import check_sso_url
from .identity import SsoIdentity
from .matching import Match, SsoRefused, match
from .permissions import identity_providers

Kind = IdentityProvider.Kind


class InvalidProvider(ServiceError):
    code = "invalid"


# The settings each kind keeps (IdentityProvider.settings; the keys are documented in
# `accounts.sso.apps` and `accounts.sso.saml`); anything else is dropped.
SETTINGS_KEYS: dict[str, tuple[str, ...]] = {
    Kind.GOOGLE: ("server_url",),
    Kind.MICROSOFT: ("tenant", "server_url"),
    Kind.CLEVER: ("district_id", "authorize_url", "token_url", "api_url"),
    Kind.OIDC: ("server_url", "scope", "fetch_userinfo"),
    Kind.SAML: (
        "idp",
        "attributes",
        "preset",
        "signed",
        "email_authoritative",
        "sp_entity_id",
        "mfa_contexts",
    ),
}
_DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
# Entra ID: one tenant by its directory id (a domain name would never match the
# token's `tid`, so no address would count as verified), or the multi-tenant aliases.
_TENANT = re.compile(
    r"^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|organizations|common)$"
)


def _https_url(value: str, *, code: str, label: str) -> str:
    parts = urlsplit(value.strip())
    if parts.scheme not in ("https", "http") or not parts.netloc:
        raise InvalidProvider(
            _("%(label)s must be a web address (https://…).") % {"label": label}, code=code
        )
    return value.strip()


def sso_fetch_url(value: str, *, code: str = "server_url", label: str = "") -> str:
    """`accounts.sso.addresses.check_sso_url`, refusing with `InvalidProvider`."""
    try:
        return check_sso_url(value, label=label)
    except UnsafeURL as exc:
        raise InvalidProvider(str(exc), code=code) from None


# Clever's addresses (its defaults are used when a row names none).
CLEVER_URLS = {
    "authorize_url": "Clever's sign-in address",
    "token_url": "Clever's token address",
    "api_url": "Clever's API address",
}


def clean_domains(domains: Iterable[str]) -> list[str]:
    cleaned: list[str] = []
    for raw in domains:
        domain = raw.strip().lower().lstrip("@")
        if not domain:
            continue
        if not _DOMAIN.match(domain):
            raise InvalidProvider(
                _("%(domain)s is not an e-mail domain (like district.org).") % {"domain": raw},
                code="allowed_domains",
            )
        if domain not in cleaned:
            cleaned.append(domain)
    return cleaned


def _saml_check(settings: dict[str, Any]) -> None:
    try:
        from .saml import saml_settings_check
    except ImportError:  # the SAML module has not landed yet: check the shape only
        idp = settings.get("idp") or {}
        if not idp.get("metadata_url") and not (
            idp.get("entity_id") and idp.get("sso_url") and idp.get("x509cert")
        ):
            raise InvalidProvider(
                _(
                    "Give the IdP's metadata address, or its entity id, sign-in address and "
                    "signing certificate."
                ),
                code="idp",
            ) from None
        return
    try:
        saml_settings_check(settings)
    except ValidationError as exc:
        raise InvalidProvider(" ".join(exc.messages), code="idp") from exc


def clean_settings(kind: str, settings: Mapping[str, Any]) -> dict[str, Any]:
    """The kind's settings from `settings`, checked; other keys are dropped."""
    out = {k: settings[k] for k in SETTINGS_KEYS[kind] if settings.get(k) not in (None, "")}
    if kind == Kind.MICROSOFT:
        tenant = str(out.get("tenant", "")).strip().lower()
        if not tenant or not _TENANT.match(tenant):
            raise InvalidProvider(
                _(
                    "Give the tenant: its directory (tenant) id, a GUID such as "
                    '0b7c…-…, or "organizations" or "common".'
                ),
                code="tenant",
            )
        out["tenant"] = tenant
    if kind in (Kind.GOOGLE, Kind.MICROSOFT) and out.get("server_url"):
        out["server_url"] = sso_fetch_url(
            str(out["server_url"]), label=_("The server address")
        ).rstrip("/")
    elif kind == Kind.CLEVER:
        district_id = str(out.get("district_id", "")).strip()
        if not district_id:
            raise InvalidProvider(_("Give the Clever district id."), code="district_id")
        out["district_id"] = district_id
        for key, label in CLEVER_URLS.items():
            if out.get(key):
                out[key] = sso_fetch_url(str(out[key]), code="server_url", label=_(label))
    elif kind == Kind.OIDC:
        out["server_url"] = sso_fetch_url(
            str(out.get("server_url", "")), label=_("The issuer URL")
        ).rstrip("/")
    elif kind == Kind.SAML:
        idp = {k: str(v).strip() for k, v in (out.get("idp") or {}).items() if str(v).strip()}
        if idp.get("metadata_url"):
            _https_url(idp["metadata_url"], code="idp", label=_("The metadata address"))
        if idp.get("sso_url"):
            _https_url(idp["sso_url"], code="idp", label=_("The IdP's sign-in address"))
        attributes = {
            k: str(v).strip() for k, v in (out.get("attributes") or {}).items() if str(v).strip()
        }
        if out.get("sp_entity_id"):
            out["sp_entity_id"] = str(out["sp_entity_id"]).strip()
        out["signed"] = str(out.get("signed") or "assertion")
        out["email_authoritative"] = bool(out.get("email_authoritative"))
        out["mfa_contexts"] = [
            str(c).strip() for c in out.get("mfa_contexts") or [] if str(c).strip()
        ]
        out = {**out, "idp": idp, "attributes": attributes}
        _saml_check(out)
    return out


def _check_client(kind: str, client_id: str, has_secret: bool) -> None:
    if kind == Kind.SAML:
        return
    if not client_id.strip():
        raise InvalidProvider(_("Give the client id."), code="client_id")
    if not has_secret:
        raise InvalidProvider(_("Give the client secret."), code="secret")


def _check_jit(jit_accounts: bool, allowed_domains: list[str]) -> None:
    if jit_accounts and not allowed_domains:
        raise InvalidProvider(
            _(
                "To create accounts at first sign-in, give the allowed e-mail domains: "
                "only people at those domains get a new account."
            ),
            code="allowed_domains",
        )


def _may_administer_district(actor: User, district: Organization) -> None:
    if district.kind != Organization.Kind.DISTRICT:
        raise InvalidProvider(_("Sign-in providers belong to a district."), code="district")
    if not actor.is_superuser and not administers(actor, district):
        raise NotFound()


def _audit(actor: User, action: AuditAction, idp: IdentityProvider, **data: Any) -> None:
    audit_record(actor=actor, action=action, target=idp, data={"slug": idp.slug, **data})


@transaction.atomic
def identity_provider_create(
    *,
    actor: User,
    district: Organization,
    kind: str,
    slug: str,
    name: str,
    client_id: str = "",
    secret: str = "",
    settings: Mapping[str, Any] | None = None,
    allowed_domains: Iterable[str] = (),
    roster_claim: str = "",
    jit_accounts: bool = False,
    trust_idp_mfa: bool = False,
    enabled: bool = True,
) -> IdentityProvider:
    """Add a sign-in provider to `district` (its admins and superusers only)."""
    _may_administer_district(actor, district)
    if kind not in Kind.values:
        raise InvalidProvider(_("Choose the kind of provider."), code="kind")
    slug = slugify(slug)
    if not slug:
        raise InvalidProvider(_("Give a short name (letters, digits, dashes)."), code="slug")
    if IdentityProvider.objects.filter(slug=slug).exists():
        raise InvalidProvider(_("The short name %(slug)s is taken.") % {"slug": slug}, code="slug")
    if not name.strip():
        raise InvalidProvider(_("Give the button label."), code="name")
    _check_client(kind, client_id, bool(secret))
    domains = clean_domains(allowed_domains)
    _check_jit(jit_accounts, domains)
    idp = IdentityProvider(
        district=district,
        kind=kind,
        slug=slug,
        name=name.strip(),
        # allauth's SAML addresses name the app by its client id: the short name.
        client_id=slug if kind == Kind.SAML else client_id.strip(),
        settings=clean_settings(kind, settings or {}),
        allowed_domains=domains,
        roster_claim=roster_claim.strip(),
        jit_accounts=jit_accounts,
        trust_idp_mfa=trust_idp_mfa,
        enabled=enabled,
    )
    if secret:
        idp.seal_secret(secret)
    idp.save()
    _audit(actor, AuditAction.IDENTITY_PROVIDER_CREATE, idp, kind=kind, district=district.slug)
    return idp


def _locked(actor: User, idp: IdentityProvider) -> IdentityProvider:
    if not identity_providers.allows(actor, "administer", idp):
        raise NotFound()
    return IdentityProvider.objects.select_for_update().select_related("district").get(pk=idp.pk)


@transaction.atomic
def identity_provider_update(
    *,
    actor: User,
    idp: IdentityProvider,
    name: str,
    client_id: str = "",
    secret: str = "",
    settings: Mapping[str, Any] | None = None,
    allowed_domains: Iterable[str] = (),
    roster_claim: str = "",
    jit_accounts: bool = False,
    trust_idp_mfa: bool = False,
    enabled: bool = True,
) -> IdentityProvider:
    """Change a provider; an empty `secret` keeps the one stored. The short name (part
    of its addresses) and kind stay."""
    row = _locked(actor, idp)
    if not name.strip():
        raise InvalidProvider(_("Give the button label."), code="name")
    _check_client(row.kind, client_id, bool(secret) or bool(row.secret_sealed))
    changes: dict[str, Any] = {
        "name": name.strip(),
        "client_id": row.slug if row.kind == Kind.SAML else client_id.strip(),
        "settings": clean_settings(row.kind, settings or {}),
        "allowed_domains": clean_domains(allowed_domains),
        "roster_claim": roster_claim.strip(),
        "jit_accounts": jit_accounts,
        "trust_idp_mfa": trust_idp_mfa,
        "enabled": enabled,
    }
    _check_jit(jit_accounts, changes["allowed_domains"])
    changed = [k for k, v in changes.items() if getattr(row, k) != v]
    for key, value in changes.items():
        setattr(row, key, value)
    if secret:
        row.seal_secret(secret)
        changed.append("secret")
    row.save(update_fields=[*changes, "secret_sealed", "updated_at"])
    _audit(actor, AuditAction.IDENTITY_PROVIDER_UPDATE, row, changed=changed)
    return row


@transaction.atomic
def identity_provider_set_enabled(
    *, actor: User, idp: IdentityProvider, enabled: bool
) -> IdentityProvider:
    """Switch a provider on or off: off, its button goes and its sign-ins are refused."""
    row = _locked(actor, idp)
    row.enabled = enabled
    row.save(update_fields=["enabled", "updated_at"])
    _audit(actor, AuditAction.IDENTITY_PROVIDER_SET_ENABLED, row, enabled=enabled)
    return row


# A sign-in ---------------------------------------------------------------------------


def _actor_label(idp: IdentityProvider) -> str:
    return f"sso:{idp.slug}"


def sso_refusal_record(
    *, idp: IdentityProvider, identity: SsoIdentity, refusal: SsoRefused
) -> None:
    """Write down a refused sign-in (who the provider said it was, and why)."""
    audit_record(
        actor=None,
        actor_label=_actor_label(idp),
        action=AuditAction.SSO_REFUSED,
        target=idp,
        data={
            "reason": refusal.code,
            "uid": identity.uid,
            "email": identity.email,
            "email_verified": identity.email_verified,
            "roster_value": identity.roster_value,
        },
    )


def _mark_verified(user: User, identity: SsoIdentity) -> None:
    """The provider vouches for the address: so does Cairn, for this account's address."""
    if not identity.email_verified or identity.email.strip().lower() != user.email.lower():
        return
    address = EmailAddress.objects.filter(user=user, email__iexact=user.email).first()
    if address is None:
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    elif not address.verified:
        address.verified = True
        address.save(update_fields=["verified"])


def _new_account(idp: IdentityProvider, identity: SsoIdentity) -> User:
    name = identity.name or " ".join(p for p in (identity.given_name, identity.family_name) if p)
    user = User.objects.create_user(email=identity.email.strip(), name=name.strip()[:150])
    user.set_unusable_password()
    user.save(update_fields=["password"])
    # Only a verified address makes an account (`accounts.sso.matching`).
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    audit_record(
        actor=None,
        actor_label=_actor_label(idp),
        action=AuditAction.SSO_ACCOUNT_CREATE,
        target=user,
        data={"provider": idp.slug, "uid": identity.uid, "verified": identity.email_verified},
    )
    return user


def sso_sign_in_resolve(*, idp: IdentityProvider, identity: SsoIdentity) -> Match:
    """The account this sign-in lands in: matched (`accounts.sso.matching`), or new at
    first sign-in where the provider allows it. A refusal is recorded, then raised."""
    try:
        found = match(idp=idp, identity=identity)
    except SsoRefused as refusal:
        sso_refusal_record(idp=idp, identity=identity, refusal=refusal)
        raise
    with transaction.atomic():
        if found.user is None:
            return Match(user=_new_account(idp, identity), via="jit")
        _mark_verified(found.user, identity)
    return found


def sso_connection_record(*, idp: IdentityProvider, user: User, via: str, uid: str) -> None:
    """Write down that a provider account was connected to `user` (by rule `via`)."""
    audit_record(
        actor=None,
        actor_label=_actor_label(idp),
        action=AuditAction.SSO_CONNECT,
        target=user,
        data={"provider": idp.slug, "uid": uid, "via": via},
    )
