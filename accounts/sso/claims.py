"""What each kind of provider vouches for, read into one `SsoIdentity`.

Only what the provider itself vouches for counts as a verified address:
- OpenID Connect and Google: the `email_verified` claim. Google also says which
  Workspace domain the account belongs to (`hd`); where the row names allowed
  domains, matching refuses a Google account whose `hd` is not one of them.
- Microsoft Entra ID: the `email` claim is an attribute any tenant administrator can
  set, so it counts only when the row is bound to one tenant and the token is from
  that tenant (`tid`), or when Entra ID says the tenant owns the address's domain
  (the optional `xms_edov` claim). `preferred_username` (the UPN) is never taken as
  an address; a row may name it as its roster claim.
- Clever: Clever does not verify addresses; the one on the user record is the one
  the district rostered, so it counts only when the record is from the district the
  row names ("district_id").
The roster identifier counts (`SsoIdentity.trusted_issuer`) only when the sign-in comes
from the issuer the row names: Clever, the row's district; Entra ID, the row's one
tenant (a multi-tenant row: never); Google, an `hd` among the allowed domains (any `hd`
when the row names none; a personal account without `hd`: never); OpenID Connect (and
SAML), the row's own IdP, always.
A multi-factor sign-in is read from OIDC `amr` (RFC 8176 method values).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from allauth.core.internal.datakit import parse_bool_safely
from allauth.socialaccount.models import SocialLogin

from accounts.models import IdentityProvider

from .apps import is_single_tenant, microsoft_tenant
from .identity import SsoIdentity

Kind = IdentityProvider.Kind

# RFC 8176 values that report more than a password: "mfa" and "mca" say so outright;
# the others are a factor beyond knowledge (a one-time code, a key, a biometric).
MFA_METHODS = frozenset(
    {"mfa", "mca", "otp", "hwk", "swk", "fpt", "face", "iris", "retina", "vbm", "sc"}
)


def sso_identity(sociallogin: SocialLogin, *, idp: IdentityProvider | None = None) -> SsoIdentity:
    """Who signed in, as far as the provider vouches (see the module's notes)."""
    if idp is None:
        idp = IdentityProvider.objects.get(slug=sociallogin.account.provider)
    if idp.kind == Kind.SAML:
        from .saml import saml_identity

        return saml_identity(sociallogin)
    data = sociallogin.account.extra_data or {}
    if idp.kind == Kind.CLEVER:
        return clever_identity(data, idp)
    return oidc_identity(data, idp)


def oidc_identity(data: Mapping, idp: IdentityProvider) -> SsoIdentity:
    # The signed id_token wins over userinfo where both carry a claim.
    claims = {**data.get("userinfo", {}), **data.get("id_token", {})}
    email = _text(claims.get("email"))
    extra: dict[str, str] = {}
    trusted = True  # generic OpenID Connect: the row's own issuer
    if idp.kind == Kind.MICROSOFT:
        tid = _text(claims.get("tid"))
        extra["tid"] = tid
        same_tenant = (
            is_single_tenant(idp) and bool(tid) and tid.lower() == microsoft_tenant(idp).lower()
        )
        verified = bool(email) and (same_tenant or _true(claims.get("xms_edov")))
        trusted = same_tenant
    else:
        verified = bool(email) and _true(claims.get("email_verified"))
        if idp.kind == Kind.GOOGLE:
            hd = _text(claims.get("hd")).lower()
            if hd:
                extra["hd"] = hd
            allowed = [d.lower().lstrip("@") for d in idp.allowed_domains or []]
            trusted = bool(hd) and (not allowed or hd in allowed)
    return SsoIdentity(
        uid=_text(claims.get("sub")),
        email=email,
        email_verified=verified,
        roster_value=_text(claims.get(idp.roster_claim)) if idp.roster_claim else "",
        trusted_issuer=trusted,
        given_name=_text(claims.get("given_name")),
        family_name=_text(claims.get("family_name")),
        name=_text(claims.get("name")),
        mfa=amr_is_mfa(claims.get("amr")),
        extra=extra,
    )


def clever_identity(data: Mapping, idp: IdentityProvider) -> SsoIdentity:
    user = data.get("data") or {}
    me = data.get("me") or {}
    district = _text(user.get("district"))
    configured = _text((idp.settings or {}).get("district_id"))
    same_district = bool(configured) and district == configured
    if me.get("district") and _text(me.get("district")) != district:
        same_district = False
    email = _text(user.get("email"))
    name = user.get("name") or {}
    roles = user.get("roles") or {}
    return SsoIdentity(
        uid=_text(user.get("id")),
        email=email,
        email_verified=bool(email) and same_district,
        trusted_issuer=same_district,
        roster_value=clever_field(user, idp.roster_claim) if idp.roster_claim else "",
        given_name=_text(name.get("first")),
        family_name=_text(name.get("last")),
        name=" ".join(part for part in (_text(name.get("first")), _text(name.get("last"))) if part),
        extra={"district": district, "user_type": _text(me.get("type") or next(iter(roles), ""))},
    )


def clever_field(user: Mapping, field: str) -> str:
    """A field of Clever's user record: on the record itself, or on one of its roles
    (`sis_id`, `student_number`, `teacher_number`, `state_id`) or their credentials
    (`district_username`)."""
    if user.get(field):
        return _text(user[field])
    for role in (user.get("roles") or {}).values():
        if not isinstance(role, Mapping):
            continue
        if role.get(field):
            return _text(role[field])
        credentials = role.get("credentials") or {}
        if isinstance(credentials, Mapping) and credentials.get(field):
            return _text(credentials[field])
    return ""


def amr_is_mfa(amr: object) -> bool:
    """True when the `amr` claim reports a factor beyond a password."""
    if isinstance(amr, str):
        amr = [amr]
    if not isinstance(amr, Iterable):
        return False
    return any(isinstance(method, str) and method.lower() in MFA_METHODS for method in amr)


def _true(value: object) -> bool:
    return value is True or (isinstance(value, str) and bool(parse_bool_safely(value)))


def _text(value: object) -> str:
    if value is None or isinstance(value, (dict, list)):
        return ""
    return str(value).strip()
