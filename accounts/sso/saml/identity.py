"""Who a SAML assertion says signed in, read into an `SsoIdentity`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..identity import SsoIdentity
from .attributes import METHODS_ATTRIBUTE, MFA_CONTEXTS
from .provider import SIGN_IN_KEY

if TYPE_CHECKING:
    from allauth.socialaccount.models import SocialLogin

EMAIL_FORMAT = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress"
TRUE = {"true", "1", "t", "y", "yes"}


def _first(attributes: dict, names: list[str]) -> str:
    for name in names:
        values = attributes.get(name)
        if isinstance(values, str):
            values = [values]
        for value in values or []:
            if isinstance(value, str) and value.strip():
                return value.strip()
    return ""


def saml_identity(sociallogin: SocialLogin) -> SsoIdentity:
    """The person of a SAML sign-in: the uid attribute or NameID, the e-mail address
    (verified when the IdP says so in the mapped attribute, or when the district counts
    its IdP's addresses as authoritative and the domain is one of the provider's),
    names, the roster identifier and whether the sign-in was multi-factor."""
    app_settings = sociallogin.provider.app.settings or {}
    mapping = app_settings.get("attribute_mapping") or {}
    cairn = app_settings.get("cairn") or {}
    extra = dict(sociallogin.account.extra_data or {})
    sign_in = extra.pop(SIGN_IN_KEY, None) or {}

    def names(key: str) -> list[str]:
        value = mapping.get(key) or []
        return [value] if isinstance(value, str) else list(value)

    email = _first(extra, names("email"))
    if not email and sign_in.get("name_id_format") == EMAIL_FORMAT:
        email = sign_in.get("name_id", "")
    email = email.strip()
    domain = email.rpartition("@")[2].lower() if "@" in email else ""
    verified = _first(extra, names("email_verified")).lower() in TRUE
    if not verified and cairn.get("email_authoritative") and domain:
        verified = domain in (cairn.get("allowed_domains") or [])
    contexts = set(sign_in.get("authn_contexts") or [])
    methods = set(extra.get(METHODS_ATTRIBUTE) or [])
    mfa_contexts = MFA_CONTEXTS | set(cairn.get("mfa_contexts") or [])
    given, family = _first(extra, names("first_name")), _first(extra, names("last_name"))
    return SsoIdentity(
        uid=str(sociallogin.account.uid or sign_in.get("name_id") or ""),
        email=email,
        email_verified=bool(email) and verified,
        roster_value=_first(extra, list(cairn.get("roster_attributes") or [])),
        # The assertion is signed by the district's own IdP (checked by the SAML layer).
        trusted_issuer=True,
        given_name=given,
        family_name=family,
        name=" ".join(part for part in (given, family) if part),
        mfa=bool((contexts | methods) & mfa_contexts),
        extra={
            "name_id": sign_in.get("name_id", ""),
            "name_id_format": sign_in.get("name_id_format", ""),
            "authn_context": " ".join(sorted(contexts)),
        },
    )
