"""EndorsementCredentials: signed by the endorser's own key (its issuer profile's DID),
served at their own URL and embedded, signed, in the Achievement of every credential of
the badge; a new or withdrawn endorsement reaches cached credentials within
CREDENTIAL_CACHE_SECONDS."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, time
from typing import Any

from django.core.cache import caches

from ...models import BadgeClass, Endorsement, IssuerKey
from ...openbadges.ob3 import credential as cred
from ...services.keys import issuer_active_keys
from .identifiers import achievement_url, endorsement_credential_url, issuer_profile
from .keys import CREDENTIAL_CACHE_SECONDS, sign


def endorsement_document(endorsement: Endorsement) -> dict[str, Any]:
    """The unsigned EndorsementCredential: the endorser's profile vouches for the Achievement.

    `badge_class` and `issuer` (the endorser's Open Badges profile) loaded.
    """
    badge_class = endorsement.badge_class
    endorser = endorsement.issuer
    return cred.build_endorsement_credential(
        credential_id=endorsement_credential_url(endorsement),
        endorser=issuer_profile(endorser),
        subject_id=achievement_url(badge_class),
        comment=endorsement.comment,
        valid_from=datetime.combine(endorsement.endorsed_on, time.min, tzinfo=UTC),
        name=f"{endorser.name} endorses {badge_class.name}",
    )


def endorsement_withdrawn_document(endorsement: Endorsement) -> dict[str, Any]:
    """What a withdrawn endorsement's URL answers (with 410)."""
    return {
        "id": endorsement_credential_url(endorsement),
        "revoked": True,
        "message": "This endorsement was withdrawn by the endorser.",
    }


def endorsement_cache_key(endorsement: Endorsement, key: IssuerKey) -> str:
    return f"ob3:endorsement:{endorsement.public_id}:{key.kid}"


def signed_endorsement(endorsement: Endorsement, *, key: IssuerKey) -> dict[str, Any]:
    """The EndorsementCredential signed by `key` (the endorser's active key), cached."""
    cache = caches["hosted"]
    cache_key = endorsement_cache_key(endorsement, key)
    signed = cache.get(cache_key)
    if signed is None:
        signed = sign(endorsement_document(endorsement), issuer=endorsement.issuer, key=key)
        cache.set(cache_key, signed, CREDENTIAL_CACHE_SECONDS)
    return signed


def embedded_endorsements(
    badge_class: BadgeClass, endorsements: Sequence[Endorsement]
) -> list[dict[str, Any]]:
    """The badge's active endorsements, signed, as its Achievement's ``endorsement``.

    The 1EdTech schema wants an embedded EndorsementCredential's ``proof`` as an
    array: the served proof is wrapped in one (the same RDF, so it still verifies).
    Reads the endorsers' active keys in one query (creating a key on first use).
    """
    if not endorsements:
        return []
    active = issuer_active_keys(issuers=[e.issuer for e in endorsements])
    embedded = []
    for endorsement in endorsements:
        endorsement.badge_class = badge_class  # the same row: no query per endorsement
        signed = signed_endorsement(endorsement, key=active[endorsement.issuer_id])
        proof = signed["proof"]
        embedded.append({**signed, "proof": proof if isinstance(proof, list) else [proof]})
    return embedded
