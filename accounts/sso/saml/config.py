"""A SAML IdentityProvider's settings, checked, and turned into allauth's SAML app settings.

`IdentityProvider.settings` for kind SAML:

    {"idp": {"entity_id", "sso_url", "slo_url", "x509cert"}   # typed in, or
            {"metadata_url", "entity_id" (optional)}          # fetched, or
            {"metadata_xml"},                                 # pasted
     "preset": "adfs" | "classlink" | "shibboleth",            # attribute defaults
     "attributes": {"uid", "email", "email_verified", "first_name", "last_name",
                    "roster": name or [names]},
     "email_authoritative": false,  # the IdP's addresses count as verified, at
                                    # allowed_domains only
     "signed": "assertion" | "response" | "both",  # what must carry the signature
     "sp_entity_id": "",            # keep an entity id registered before Cairn
     "mfa_contexts": []}            # more AuthnContextClassRefs that mean two-factor

What Cairn always asks of python3-saml: strict validation (audience, destination,
recipient, times), a signature (by default on the assertion), SHA-256 (deprecated
algorithms refused), no IdP-initiated sign-in.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from onelogin.saml2.constants import OneLogin_Saml2_Constants

from .attributes import PRESETS, attribute_names
from .certs import cert_body, check_cert
from .metadata import parse_metadata_xml, remote_metadata

if TYPE_CHECKING:
    from accounts.models import IdentityProvider

logger = logging.getLogger(__name__)

SIGNED = {
    "assertion": {"want_assertion_signed": True, "want_message_signed": False},
    "response": {"want_assertion_signed": False, "want_message_signed": True},
    "both": {"want_assertion_signed": True, "want_message_signed": True},
}


def resolve_idp(idp_settings: dict, *, refresh: bool = False) -> dict[str, str]:
    """{entity_id, sso_url, slo_url, x509cert} from typed-in values, pasted metadata or
    a metadata URL; ValidationError when they are not there or cannot be read."""
    if (xml := (idp_settings.get("metadata_xml") or "").strip()) != "":
        return parse_metadata_xml(xml, entity_id=(idp_settings.get("entity_id") or "").strip())
    if (url := (idp_settings.get("metadata_url") or "").strip()) != "":
        return remote_metadata(
            url, entity_id=(idp_settings.get("entity_id") or "").strip(), refresh=refresh
        )
    return {
        "entity_id": (idp_settings.get("entity_id") or "").strip(),
        "sso_url": (idp_settings.get("sso_url") or "").strip(),
        "slo_url": (idp_settings.get("slo_url") or "").strip(),
        "x509cert": cert_body(idp_settings.get("x509cert") or ""),
    }


def _check_url(value: str, what: str, code: str) -> None:
    if not value:
        raise ValidationError(f"The IdP's {what} is missing.", code=code)
    if not value.startswith(("https://", "http://")):
        raise ValidationError(
            f"The IdP's {what} must be a web address (https://…).", code=f"{code}_invalid"
        )


def saml_settings_check(settings: dict) -> None:
    """ValidationError with a message fit for the console form, when a SAML provider's
    settings cannot work: no entity id or SSO URL, a certificate that is not PEM or has
    expired, metadata that cannot be fetched or read, an unknown preset or signing rule."""
    if not isinstance(settings, dict):
        raise ValidationError("The SAML settings must be an object.", code="settings")
    preset = settings.get("preset") or ""
    if preset and preset not in PRESETS:
        raise ValidationError(
            "Unknown attribute preset %(preset)s (adfs, classlink or shibboleth).",
            code="preset",
            params={"preset": preset},
        )
    if (settings.get("signed") or "assertion") not in SIGNED:
        raise ValidationError(
            "What must be signed is one of assertion, response or both.", code="signed"
        )
    attributes = settings.get("attributes") or {}
    if not isinstance(attributes, dict):
        raise ValidationError("The attribute names must be an object.", code="attributes")
    resolved = resolve_idp(settings.get("idp") or {}, refresh=True)
    if not resolved["entity_id"]:
        raise ValidationError("The IdP's entity id is missing.", code="entity_id")
    _check_url(resolved["sso_url"], "single sign-on URL", "sso_url")
    if resolved["slo_url"]:
        _check_url(resolved["slo_url"], "single logout URL", "slo_url")
    check_cert(resolved["x509cert"])


def saml_app_settings(idp: IdentityProvider) -> dict:
    """The `settings` of the allauth SocialApp for a SAML IdentityProvider."""
    settings = idp.settings or {}
    try:
        resolved = resolve_idp(settings.get("idp") or {})
    except ValidationError as exc:
        # The login page must still show the other providers; this one fails at its
        # own sign-in (python3-saml refuses an IdP without an SSO URL).
        logger.error("SAML provider %s cannot be configured: %s", idp.slug, exc.messages)
        resolved = {"entity_id": "", "sso_url": "", "slo_url": "", "x509cert": ""}
    names = attribute_names(settings, roster_claim=idp.roster_claim)
    app_idp = {k: resolved[k] for k in ("entity_id", "sso_url", "x509cert")}
    if resolved.get("slo_url"):
        app_idp["slo_url"] = resolved["slo_url"]
    sp_entity_id = (settings.get("sp_entity_id") or "").strip()
    return {
        "idp": app_idp,
        "sp": {"entity_id": sp_entity_id} if sp_entity_id else {},
        "attribute_mapping": {k: v for k, v in names.items() if k != "roster" and v},
        "advanced": {
            "strict": True,
            **SIGNED.get(settings.get("signed") or "assertion", SIGNED["assertion"]),
            "reject_idp_initiated_sso": True,
            "digest_algorithm": OneLogin_Saml2_Constants.SHA256,
            "signature_algorithm": OneLogin_Saml2_Constants.RSA_SHA256,
            "reject_deprecated_algorithm": True,
            "want_attribute_statement": False,
            "allow_single_label_domains": False,
        },
        # Read back by saml_identity (allauth ignores keys it does not know).
        "cairn": {
            "roster_attributes": names["roster"],
            "email_authoritative": bool(settings.get("email_authoritative")),
            "allowed_domains": [d.lower().lstrip("@") for d in idp.allowed_domains or []],
            "mfa_contexts": [c for c in settings.get("mfa_contexts") or [] if isinstance(c, str)],
        },
    }
