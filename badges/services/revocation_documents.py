"""Issuers' stored revocation documents (`RevocationDocument`): the Open Badges 2.0
RevocationList and the signed 3.0 BitstringStatusListCredential.

They are rewritten in the transaction that changes them, cheaply: a revocation appends
one entry to the 2.0 list and flips one bit of the stored bitstring, then re-signs;
allocating a status list index past the list's size grows it. A document that does not
exist yet is built from the assertions, once, under a lock on the issuer row (on the
first request, the first revocation, or `manage.py rebuild_revocation_documents`).
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json

from django.db import IntegrityError, transaction
from django.utils import timezone

from ..hosting import credentials, documents
from ..models import Assertion, Issuer, RevocationDocument, StatusListEntry
from ..openbadges import ob2
from ..openbadges.ob3 import statuslist
from ..selectors.hosting import revoked_assertions_of
from ..selectors.keys import status_list_state
from .keys import issuer_active_key

Kind = RevocationDocument.Kind
JSONLD = "application/ld+json"


def _dumps(doc: object) -> bytes:
    # As badges.views.responses.dumps, which served these documents before they were stored.
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode()


def _ob2_entry(assertion: Assertion) -> dict[str, str]:
    url = documents.assertion_url(assertion)
    reason = assertion.revocation_reason
    return {"id": url, "revocationReason": reason} if reason else {"id": url}


def _ob2_body(issuer: Issuer) -> tuple[bytes, int]:
    revoked = [
        (documents.assertion_url(a), a.revocation_reason)
        for a in revoked_assertions_of(issuer=issuer)
    ]
    doc = ob2.revocation_list_json(
        id=documents.revocation_list_url(issuer),
        issuer=documents.issuer_url(issuer),
        revoked=revoked,
    )
    return _dumps(doc), len(revoked)


def _bits_for(revoked: list[int], highest: int) -> bytearray:
    size = credentials.status_list_size(highest)
    bits = bytearray(size // 8)
    for index in revoked:
        bits[index // 8] |= 0x80 >> (index % 8)
    return bits


def _status_body(issuer: Issuer, bits: bytes) -> bytes:
    encoded = "u" + base64.urlsafe_b64encode(gzip.compress(bytes(bits), mtime=0)).rstrip(
        b"="
    ).decode("ascii")
    document = statuslist.build_status_list_credential(
        credential_id=credentials.status_list_url(issuer),
        issuer=credentials.issuer_did(issuer),
        encoded_list=encoded,
        valid_from=timezone.now(),
        name=f"{issuer.name}: revoked credentials",
    )
    key = issuer_active_key(issuer=issuer)
    return _dumps(credentials.sign(document, issuer=issuer, key=key))


def _write(doc: RevocationDocument, body: bytes) -> RevocationDocument:
    """Store `body` as the next version of `doc` (saved; new rows are created). The 2.0
    list, which grows with every revocation, is stored gzip-compressed (level 1: 43 MB
    in about half a second, a fifth of the size); the ETag is of the JSON itself."""
    doc.gzipped = doc.kind == Kind.OB2
    doc.body = gzip.compress(body, compresslevel=1, mtime=0) if doc.gzipped else body
    doc.version = (doc.version or 0) + 1 if doc.pk else 1
    doc.etag = f'"{doc.kind}-{doc.version}-{hashlib.sha256(body).hexdigest()[:24]}"'
    doc.updated_at = timezone.now()
    doc.save()
    return doc


def _build(issuer: Issuer, kind: str, doc: RevocationDocument | None) -> RevocationDocument:
    doc = doc or RevocationDocument(issuer=issuer, kind=kind)
    if kind == Kind.OB2:
        body, doc.revoked_count = _ob2_body(issuer)
        doc.content_type = JSONLD
        doc.bits = b""
    else:
        revoked, highest = status_list_state(issuer=issuer)
        doc.bits = bytes(_bits_for(revoked, highest))
        doc.revoked_count = len(revoked)
        doc.content_type = JSONLD
        body = _status_body(issuer, doc.bits)
    return _write(doc, body)


def _locked(issuer_id: int, kind: str) -> RevocationDocument | None:
    return (
        RevocationDocument.objects.select_for_update()
        .filter(issuer_id=issuer_id, kind=kind)
        .first()
    )


def revocation_document_ensure(*, issuer: Issuer, kind: str) -> RevocationDocument:
    """The issuer's stored document of `kind`, built from the assertions if missing.

    Two first requests at once build it once: the issuer row is locked (PostgreSQL);
    on SQLite the unique constraint decides and the loser reads the winner's row.
    """
    try:
        with transaction.atomic():
            Issuer.objects.select_for_update().only("pk").get(pk=issuer.pk)
            doc = _locked(issuer.pk, kind)
            return doc if doc is not None else _build(issuer, kind, None)
    except IntegrityError:
        return RevocationDocument.objects.get(issuer=issuer, kind=kind)


@transaction.atomic
def revocation_documents_rebuild(*, issuer: Issuer) -> list[RevocationDocument]:
    """Both of the issuer's documents rebuilt from its assertions (after restoring data,
    or a change of SITE_URL, which is in every URL they hold)."""
    Issuer.objects.select_for_update().only("pk").get(pk=issuer.pk)
    return [_build(issuer, kind, _locked(issuer.pk, kind)) for kind in Kind.values]


def revocation_documents_record_revocation(*, assertion: Assertion) -> None:
    """Inside the revocation's transaction: put `assertion` (just revoked) in its issuer's
    documents, so the next request anywhere serves it revoked."""
    issuer = assertion.badge_class.issuer
    with transaction.atomic():
        doc = _locked(issuer.pk, Kind.OB2)
        if doc is None:
            revocation_document_ensure(issuer=issuer, kind=Kind.OB2)  # built: includes it
        else:
            body = doc.plain_body()
            entry = _dumps(_ob2_entry(assertion))
            # The stored body ends with the list: ...,"revokedAssertions":[...]}
            head = body[: -len(b"]}")]
            doc.revoked_count += 1
            _write(doc, head + (b"," if doc.revoked_count > 1 else b"") + entry + b"]}")
        place = StatusListEntry.objects.filter(assertion=assertion).only("index").first()
        if place is None:
            return  # never issued as a 3.0 credential: it has no bit
        doc = _locked(issuer.pk, Kind.STATUS_LIST)
        if doc is None:
            revocation_document_ensure(issuer=issuer, kind=Kind.STATUS_LIST)
            return
        bits = _grown(bytes(doc.bits), place.index)
        bits[place.index // 8] |= 0x80 >> (place.index % 8)
        doc.bits = bytes(bits)
        doc.revoked_count += 1
        _write(doc, _status_body(issuer, doc.bits))


def _grown(bits: bytes, index: int) -> bytearray:
    size = max(len(bits) * 8, credentials.status_list_size(index))
    return bytearray(bits) + bytearray(size // 8 - len(bits))


def revocation_documents_record_allocation(*, issuer_id: int, highest_index: int) -> None:
    """Status list places up to `highest_index` were allocated: grow the stored list by
    whole blocks when they do not fit (new places are not revoked; nothing else changes).
    Bulk allocation must call this once per issuer with the highest index it made."""
    with transaction.atomic():
        doc = _locked(issuer_id, Kind.STATUS_LIST)
        if doc is None or highest_index < len(doc.bits) * 8:
            return
        doc.bits = bytes(_grown(bytes(doc.bits), highest_index))
        _write(doc, _status_body(Issuer.objects.get(pk=issuer_id), doc.bits))


def revocation_documents_resign(*, issuer: Issuer) -> None:
    """The issuer's name or signing key changed: re-sign its stored status list."""
    with transaction.atomic():
        doc = _locked(issuer.pk, Kind.STATUS_LIST)
        if doc is not None:
            _write(doc, _status_body(issuer, bytes(doc.bits)))
