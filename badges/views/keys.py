"""Open Badges 3.0 published keys and status lists: Cairn's and each issuer's DID
document and JWK Set (every key, active and retired), and each issuer's signed
revocation list. Public; the first request for a new issuer's status list makes its
signing key."""

from __future__ import annotations

import uuid

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from ..hosting import credentials
from ..models import Issuer
from ..selectors import keys as found
from . import revocations
from .responses import JSON, dumps, public


def _issuer(public_id: uuid.UUID) -> Issuer:
    issuer = found.issuer_for_keys(public_id=public_id)
    if issuer is None:
        raise Http404
    return issuer


@require_GET
def platform_did(request: HttpRequest) -> HttpResponse:
    """Cairn's own DID document (the key that signs learner records)."""
    published = found.published_keys(issuer=None)
    return public(dumps(credentials.did_document(None, published)), content_type=JSON)


@require_GET
def platform_jwks(request: HttpRequest) -> HttpResponse:
    published = found.published_keys(issuer=None)
    return public(dumps(credentials.jwks_document(None, published)), content_type=JSON)


@require_GET
def issuer_did(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The issuer's did:web document: all its keys, active and retired."""
    issuer = _issuer(public_id)
    published = found.published_keys(issuer=issuer)
    return public(dumps(credentials.did_document(issuer, published)), content_type=JSON)


@require_GET
def issuer_jwks(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    issuer = _issuer(public_id)
    published = found.published_keys(issuer=issuer)
    return public(dumps(credentials.jwks_document(issuer, published)), content_type=JSON)


# The issuer's signed BitstringStatusListCredential (a set bit means revoked), stored
# and kept up to date by the revoke service, served with ETag / Last-Modified.
issuer_status = revocations.status_list
