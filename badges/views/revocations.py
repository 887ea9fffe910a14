"""The issuers' stored revocation documents as served: the Open Badges 2.0
RevocationList and the 3.0 status list credential, with a strong ETag and
Last-Modified from one indexed row, so a verifier's conditional GET answers 304."""

from __future__ import annotations

import gzip
import uuid
from collections.abc import Callable
from datetime import datetime

from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.gzip import re_accepts_gzip
from django.views.decorators.http import condition, require_GET

from ..models import RevocationDocument
from ..selectors.keys import issuer_for_keys
from ..selectors.revocations import revocation_document_body, revocation_document_head
from ..services.revocation_documents import revocation_document_ensure

Kind = RevocationDocument.Kind
# As long as verifiers may reuse a copy without asking again; a revocation is served
# at once, so no verifier sees it later than this.
CACHE_CONTROL = "public, max-age=60"


def _document(request: HttpRequest, public_id: uuid.UUID, kind: str) -> RevocationDocument | None:
    """The issuer's document without its body (one query, kept on the request for the
    view's other callbacks); built once from the assertions when it does not exist yet."""
    memo = request.__dict__.setdefault("_revocation_documents", {})
    if kind not in memo:
        doc = revocation_document_head(issuer_public_id=public_id, kind=kind)
        if doc is None:
            issuer = issuer_for_keys(public_id=public_id)
            doc = None if issuer is None else revocation_document_ensure(issuer=issuer, kind=kind)
        memo[kind] = doc
    return memo[kind]


def _sends_gzip(request: HttpRequest, doc: RevocationDocument) -> bool:
    """Is the stored (compressed) body sent as it is? When the client takes gzip, read
    as Django's GZipMiddleware reads it; others get it uncompressed."""
    accepts = request.headers.get("Accept-Encoding", "")
    return doc.gzipped and bool(re_accepts_gzip.search(accepts))


def stored_document_view(kind: str) -> Callable[..., HttpResponse]:
    def etag(request: HttpRequest, public_id: uuid.UUID) -> str | None:
        doc = _document(request, public_id, kind)
        if doc is None:
            return None
        # A strong validator names one representation: the gzip one has its own.
        return f'{doc.etag[:-1]}-gzip"' if _sends_gzip(request, doc) else doc.etag

    def last_modified(request: HttpRequest, public_id: uuid.UUID) -> datetime | None:
        doc = _document(request, public_id, kind)
        return None if doc is None else doc.updated_at

    @condition(etag_func=etag, last_modified_func=last_modified)
    def serve(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
        doc = _document(request, public_id, kind)
        if doc is None:
            raise Http404
        deferred = "body" in doc.get_deferred_fields()
        body = revocation_document_body(pk=doc.pk) if deferred else bytes(doc.body)
        gzipped = _sends_gzip(request, doc)
        if doc.gzipped and not gzipped:
            body = gzip.decompress(body)
        response = HttpResponse(body, content_type=doc.content_type)
        if gzipped:
            response["Content-Encoding"] = "gzip"
        if kind == Kind.OB2:
            response["Vary"] = "Accept, Accept-Encoding"  # Accept: as every hosted 2.0 document
        return response

    @require_GET
    def view(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
        response = serve(request, public_id)
        if response.status_code in (200, 304):  # a 304 repeats the caching headers
            response["Access-Control-Allow-Origin"] = "*"
            response["Cache-Control"] = CACHE_CONTROL
        return response

    return view


revocation_list = stored_document_view(Kind.OB2)
status_list = stored_document_view(Kind.STATUS_LIST)
