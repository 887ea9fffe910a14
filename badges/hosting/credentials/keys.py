"""Signing 3.0 documents with an issuer's key, and publishing the keys: the DID document
and the JWK Set list every key, active and retired, so that what a retired key signed
keeps verifying."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils import timezone

from ...models import Issuer, IssuerKey
from ...openbadges.ob3 import dataintegrity, keys
from ...openbadges.ob3 import jwt as vcjwt
from ...openbadges.ob3.documentloader import DID_V1_CONTEXT
from ...services.keys import signing_key
from .. import documents
from .identifiers import owner_did, verification_method

MULTIKEY_CONTEXT = "https://w3id.org/security/multikey/v1"
# How long signed copies (credentials, endorsements, status lists) are cached.
CREDENTIAL_CACHE_SECONDS = 300


def sign(document: dict[str, Any], *, issuer: Issuer | None, key: IssuerKey) -> dict[str, Any]:
    """`document` with an eddsa-rdfc-2022 Data Integrity proof by `key`, dated now."""
    return dataintegrity.sign(
        document,
        private_key=signing_key(key),
        verification_method=verification_method(issuer, key),
        created=timezone.now(),
    )


def encode_jwt(document: dict[str, Any], *, issuer: Issuer | None, key: IssuerKey) -> str:
    """`document` (without an embedded proof) as a VC-JWT signed with EdDSA by `key`."""
    return vcjwt.encode(
        document,
        private_key=signing_key(key),
        kid=verification_method(issuer, key),
    )


def did_document(issuer: Issuer | None, published: Sequence[IssuerKey]) -> dict[str, Any]:
    """The DID document: every key, active and retired, as a Multikey assertion method."""
    did = owner_did(issuer)
    methods = [
        {
            "id": f"{did}#{key.kid}",
            "type": "Multikey",
            "controller": did,
            "publicKeyMultibase": key.public_key_multibase,
        }
        for key in published
    ]
    document: dict[str, Any] = {
        "@context": [DID_V1_CONTEXT, MULTIKEY_CONTEXT],
        "id": did,
    }
    if issuer is not None:
        document["alsoKnownAs"] = [documents.issuer_url(issuer)]
    document["verificationMethod"] = methods
    document["assertionMethod"] = [m["id"] for m in methods]
    return document


def jwks_document(issuer: Issuer | None, published: Sequence[IssuerKey]) -> dict[str, Any]:
    """A JWK Set of every key; each ``kid`` is the verification method a VC-JWT names."""
    return {
        "keys": [
            {
                **keys.public_jwk(
                    dataintegrity.public_key_from_multibase(key.public_key_multibase),
                    kid=verification_method(issuer, key),
                ),
                "alg": "EdDSA",
                "use": "sig",
            }
            for key in published
        ]
    }
