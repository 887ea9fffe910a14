"""An issuer's revocation list as a signed BitstringStatusListCredential."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

from django.core.cache import caches
from django.utils import timezone

from ...models import Issuer, IssuerKey
from ...openbadges.ob3 import statuslist
from .identifiers import issuer_did, status_list_url
from .keys import CREDENTIAL_CACHE_SECONDS, sign


def status_list_size(highest_index: int) -> int:
    """Whole blocks of 131,072 entries, enough for every index allocated so far."""
    block = statuslist.MIN_BITS
    return max(block, (highest_index // block + 1) * block)


def status_list_credential(
    issuer: Issuer, *, key: IssuerKey, revoked: Sequence[int], highest_index: int
) -> dict[str, Any]:
    """The issuer's signed BitstringStatusListCredential (revocation), cached while unchanged."""
    size = status_list_size(highest_index)
    digest = hashlib.sha256(f"{size}:{','.join(map(str, revoked))}".encode()).hexdigest()
    cache = caches["hosted"]
    cache_key = f"ob3:status:{issuer.public_id}:{key.kid}:{digest}"
    signed = cache.get(cache_key)
    if signed is None:
        document = statuslist.build_status_list_credential(
            credential_id=status_list_url(issuer),
            issuer=issuer_did(issuer),
            encoded_list=statuslist.encode(revoked, size=size),
            valid_from=timezone.now(),
            name=f"{issuer.name}: revoked credentials",
        )
        signed = sign(document, issuer=issuer, key=key)
        cache.set(cache_key, signed, CREDENTIAL_CACHE_SECONDS)
    return signed
