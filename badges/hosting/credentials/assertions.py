"""An assertion's OpenBadgeCredential: built, signed (Data Integrity and VC-JWT), cached,
baked.

Credentials are signed when asked for, with the issuer's active key, and the signed
copies are cached per assertion and key in the "hosted" cache: revoking changes the
status list, never the credential, so a cached copy stays right.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.core.cache import caches

from competencies.models import Competency

from ...models import Assertion, CreditAgreement, IssuerKey, StatusListEntry
from ...openbadges.ob3 import baking, statuslist
from ...openbadges.ob3 import credential as cred
from ...selectors.agreements import credit_agreements_in_effect, endorsements_of
from ...selectors.keys import competencies_of
from ...services.keys import issuer_active_key
from ...services.status_lists import status_list_entry_for
from .. import documents
from .achievements import achievement
from .endorsements import embedded_endorsements
from .identifiers import credential_url, issuer_profile, status_list_url
from .keys import CREDENTIAL_CACHE_SECONDS, encode_jwt, sign


def _evidence(items: Iterable[dict[str, Any]]) -> tuple[cred.Evidence, ...]:
    return tuple(
        cred.Evidence(
            id=item.get("url") or None,
            name=item.get("name") or None,
            narrative=item.get("narrative") or None,
        )
        for item in items
        if isinstance(item, dict) and (item.get("url") or item.get("narrative"))
    )


def credential_document(
    assertion: Assertion,
    *,
    entry: StatusListEntry,
    competencies: Sequence[Competency],
    agreements: Sequence[CreditAgreement],
    endorsements: Sequence[Mapping[str, Any]] = (),
) -> dict[str, Any]:
    """The unsigned OpenBadgeCredential of an assertion.

    The subject is the earner's e-mail hashed with the assertion's salt (as in 2.0).
    """
    badge_class = assertion.badge_class
    issuer = badge_class.issuer
    status_issuer = issuer if entry.issuer_id == issuer.pk else entry.issuer
    return cred.build_achievement_credential(
        credential_id=credential_url(assertion),
        issuer=issuer_profile(issuer),
        achievement=achievement(
            badge_class,
            competencies=competencies,
            agreements=agreements,
            endorsements=endorsements,
        ),
        recipient=cred.Recipient(email=assertion.recipient_email, salt=assertion.salt),
        valid_from=assertion.issued_on,
        valid_until=assertion.expires_at,
        awarded_date=assertion.issued_on,
        name=badge_class.name,
        image=documents.badge_image_url(badge_class),
        evidence=_evidence(assertion.evidence or []),
        credential_status=statuslist.status_list_entry(
            status_list_credential=status_list_url(status_issuer), index=entry.index
        ),
    )


def credential_cache_key(assertion: Assertion, key: IssuerKey) -> str:
    return f"ob3:credential:{assertion.public_id}:{key.kid}"


def signed_credential(
    assertion: Assertion, *, entry: StatusListEntry, key: IssuerKey
) -> tuple[dict[str, Any], str]:
    """(the credential with its Data Integrity proof, the same credential as a VC-JWT).

    Signed with `key` (the issuer's active key) and cached per assertion and key;
    on a miss this reads the badge's competencies and credit agreements (two queries)
    and, when the badge is endorsed (``badge_endorsed``, annotated by the selector;
    assumed when absent), its endorsements and their endorsers' keys (two more).
    """
    cache = caches["hosted"]
    cache_key = credential_cache_key(assertion, key)
    cached = cache.get(cache_key)
    if cached is None:
        badge_class = assertion.badge_class
        issuer = badge_class.issuer
        document = credential_document(
            assertion,
            entry=entry,
            competencies=competencies_of(badge_class=badge_class),
            agreements=credit_agreements_in_effect(badge_class=badge_class),
            endorsements=(
                embedded_endorsements(badge_class, endorsements_of(badge_class=badge_class))
                if getattr(assertion, "badge_endorsed", True)
                else ()
            ),
        )
        cached = (
            sign(document, issuer=issuer, key=key),
            encode_jwt(document, issuer=issuer, key=key),
        )
        cache.set(cache_key, cached, CREDENTIAL_CACHE_SECONDS)
    return cached


def credential_for(assertion: Assertion) -> tuple[dict[str, Any], str]:
    """:func:`signed_credential` of `assertion`, with its status list place and its
    issuer's active key (each allocated on first use)."""
    entry = getattr(assertion, "status_list_entry", None)
    if entry is None:
        entry = status_list_entry_for(assertion=assertion)
    key = issuer_active_key(issuer=assertion.badge_class.issuer)
    return signed_credential(assertion, entry=entry, key=key)


def baked_credential(assertion: Assertion, signed: dict[str, Any]) -> bytes:
    """The badge image (PNG or SVG) with the signed credential baked in (3.0 keys)."""
    with assertion.badge_class.image.open("rb") as fh:
        image = fh.read()
    return baking.bake(image, signed)
