"""Reads behind the served revocation documents: one indexed row each."""

from __future__ import annotations

import uuid

from ..models import RevocationDocument


def revocation_document_head(
    *, issuer_public_id: uuid.UUID, kind: str
) -> RevocationDocument | None:
    """The issuer's stored document of `kind` without its body (its validators: etag,
    updated_at), by the unique (issuer, kind) index; one query."""
    return (
        RevocationDocument.objects.defer("body", "bits")
        .filter(issuer__public_id=issuer_public_id, kind=kind)
        .order_by()
        .first()
    )


def revocation_document_body(*, pk: int) -> bytes:
    """The stored body of one document, by primary key."""
    return bytes(RevocationDocument.objects.values_list("body", flat=True).get(pk=pk))


def status_list_body(*, issuer_id: int) -> bytes | None:
    """The issuer's stored, signed status list credential (None if not built yet)."""
    doc = (
        RevocationDocument.objects.only("body", "gzipped", "kind")
        .filter(issuer_id=issuer_id, kind=RevocationDocument.Kind.STATUS_LIST)
        .first()
    )
    return None if doc is None else doc.plain_body()
