"""Which SAML attributes carry what, for the IdPs districts run.

`IdentityProvider.settings["attributes"]` names them per provider (a name or a list of
names for each of uid, email, email_verified, first_name, last_name, roster); what it
leaves out comes from the preset (`settings["preset"]`: adfs, classlink or
shibboleth), and without a preset from all three, which do not collide.
"""

from __future__ import annotations

# What Cairn reads from an assertion, in allauth's attribute-mapping keys, plus the
# roster identifier.
FIELDS = ("uid", "email", "email_verified", "first_name", "last_name", "roster")

_CLAIMS = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims"

PRESETS: dict[str, dict[str, list[str]]] = {
    # AD FS (and Entra ID's SAML apps) send WS-Federation claim URIs; the person is the
    # NameID (a persistent id or the UPN), unless a uid claim is named.
    "adfs": {
        "uid": [],
        "email": [f"{_CLAIMS}/emailaddress"],
        "email_verified": [],
        "first_name": [f"{_CLAIMS}/givenname"],
        "last_name": [f"{_CLAIMS}/surname"],
        "roster": [],
    },
    # ClassLink's SAML connector sends the attribute names its console lists (Email,
    # FirstName, LastName, LoginId, SourcedId) as they are.
    "classlink": {
        "uid": [],
        "email": ["Email", "email"],
        "email_verified": [],
        "first_name": ["FirstName", "firstName"],
        "last_name": ["LastName", "lastName"],
        "roster": ["SourcedId", "sourcedId"],
    },
    # Shibboleth and other eduPerson IdPs: urn:oid names (SAML2 URI name format).
    "shibboleth": {
        "uid": [
            "urn:oasis:names:tc:SAML:attribute:subject-id",
            "urn:oasis:names:tc:SAML:attribute:pairwise-id",
            "urn:oid:1.3.6.1.4.1.5923.1.1.1.13",  # eduPersonUniqueId
            "urn:oid:1.3.6.1.4.1.5923.1.1.1.6",  # eduPersonPrincipalName
        ],
        "email": ["urn:oid:0.9.2342.19200300.100.1.3"],  # mail
        "email_verified": [],
        "first_name": ["urn:oid:2.5.4.42"],  # givenName
        "last_name": ["urn:oid:2.5.4.4"],  # sn
        "roster": ["urn:oid:2.16.840.1.113730.3.1.3"],  # employeeNumber
    },
}

# AuthnContextClassRef values that mean the person used more than a password.
MFA_CONTEXTS = frozenset(
    {
        "https://refeds.org/profile/mfa",
        "http://schemas.microsoft.com/claims/multipleauthn",
        "urn:oasis:names:tc:SAML:2.0:ac:classes:MultiFactor",
        "urn:oasis:names:tc:SAML:2.0:ac:classes:MobileTwoFactorContract",
        "urn:oasis:names:tc:SAML:2.0:ac:classes:MobileTwoFactorUnregistered",
        "urn:oasis:names:tc:SAML:2.0:ac:classes:TimeSyncToken",
    }
)
# AD FS also reports the methods used in a claim of their own.
METHODS_ATTRIBUTE = "http://schemas.microsoft.com/claims/authnmethodsreferences"


def _names(value: object) -> list[str]:
    if isinstance(value, str):
        return [value] if value.strip() else []
    if isinstance(value, list | tuple):
        return [v for v in value if isinstance(v, str) and v.strip()]
    return []


def attribute_names(settings: dict, *, roster_claim: str = "") -> dict[str, list[str]]:
    """Each field's attribute names for one provider, the district's own first."""
    preset = settings.get("preset") or ""
    presets = [PRESETS[preset]] if preset in PRESETS else list(PRESETS.values())
    named = settings.get("attributes") or {}
    names: dict[str, list[str]] = {}
    for field_name in FIELDS:
        chosen = _names(named.get(field_name))
        if field_name == "roster" and roster_claim:
            chosen = [roster_claim, *chosen]
        if not chosen:
            chosen = [n for p in presets for n in p[field_name]]
        names[field_name] = list(dict.fromkeys(chosen))
    return names
