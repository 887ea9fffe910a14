"""Who and where in Open Badges 3.0: DIDs, the permanent URLs of the 3.0 documents, and
the profiles credentials name as their issuers.

Issuers are ``did:web`` DIDs under ``<SITE_URL>/ob/v3/issuers/<uuid>`` and Cairn
itself (which signs learner records) is ``did:web`` of ``<SITE_URL>/ob/v3``.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.urls import reverse

from ...models import Assertion, BadgeClass, Endorsement, Issuer, IssuerKey
from ...openbadges.ob3 import credential as cred
from ...openbadges.ob3 import didweb
from .. import documents

PLATFORM_NAME = "Cairn"


def platform_did() -> str:
    """Cairn's own DID (it signs learner records): did:web:<host>:ob:v3."""
    return didweb.did_from_url(settings.SITE_URL, "ob", "v3")


def issuer_did(issuer: Issuer) -> str:
    """did:web:<host>:ob:v3:issuers:<uuid>, resolving to …/ob/v3/issuers/<uuid>/did.json."""
    return didweb.did_from_url(settings.SITE_URL, "ob", "v3", "issuers", str(issuer.public_id))


def owner_did(issuer: Issuer | None) -> str:
    return platform_did() if issuer is None else issuer_did(issuer)


def verification_method(issuer: Issuer | None, key: IssuerKey) -> str:
    """``<did>#<kid>``: the key's id in the DID document, named by proofs and JWT headers."""
    return f"{owner_did(issuer)}#{key.kid}"


def key_owner_from_did(did: str) -> uuid.UUID | None:
    """The issuer public id a DID of this site names; None for Cairn's own DID.

    ValueError when the DID is not one this site publishes.
    """
    mine = platform_did()
    if did == mine:
        return None
    prefix = f"{mine}:issuers:"
    if not isinstance(did, str) or not did.startswith(prefix):
        raise ValueError(f"Not a DID of this site: {did!r}")
    public_id = uuid.UUID(did[len(prefix) :])
    if str(public_id) != did[len(prefix) :]:
        raise ValueError(f"Not a DID of this site: {did!r}")
    return public_id


def _url(name: str, **kwargs: Any) -> str:
    return documents.absolute(reverse(f"ob3:{name}", kwargs=kwargs))


def did_document_url(issuer: Issuer) -> str:
    return _url("issuer-did", public_id=issuer.public_id)


def jwks_url(issuer: Issuer) -> str:
    return _url("issuer-jwks", public_id=issuer.public_id)


def status_list_url(issuer: Issuer) -> str:
    return _url("issuer-status", public_id=issuer.public_id)


def achievement_url(badge_class: BadgeClass) -> str:
    return _url("achievement-detail", public_id=badge_class.public_id)


def credential_url(assertion: Assertion) -> str:
    return _url("credential-detail", public_id=assertion.public_id)


def credential_jwt_url(assertion: Assertion) -> str:
    return _url("credential-jwt", public_id=assertion.public_id)


def endorsement_credential_url(endorsement: Endorsement) -> str:
    return _url("endorsement-detail", public_id=endorsement.public_id)


def credential_baked_url(assertion: Assertion, kind: str) -> str:
    name = "credential-baked-svg" if kind == "svg" else "credential-baked-png"
    return _url(name, public_id=assertion.public_id)


def credential_wallet_url(assertion: Assertion) -> str:
    return _url("credential-wallet", public_id=assertion.public_id)


def issuer_profile(issuer: Issuer) -> cred.Profile:
    return cred.Profile(
        id=issuer_did(issuer),
        name=issuer.name,
        url=issuer.url or None,
        email=issuer.email or None,
        description=issuer.description or None,
    )


def platform_profile() -> cred.Profile:
    return cred.Profile(id=platform_did(), name=PLATFORM_NAME, url=settings.SITE_URL)
