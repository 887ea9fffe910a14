"""Open Badges 3.0 documents: achievements, EndorsementCredentials and each assertion's
OpenBadgeCredential (Data Integrity JSON, VC-JWT, baked image).

Credentials are public to whoever holds their link, like hosted 2.0 assertions. The
first request for an assertion's credential allocates its status list index and,
for a new issuer, its signing key (both idempotent services).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET, require_http_methods

from .. import services
from ..hosting import credentials
from ..models import Assertion, Endorsement
from ..selectors import hosting as hosted_found
from ..selectors import keys as found
from .responses import (
    IMAGE_CSP,
    JSON,
    JSONLD,
    JWT,
    download_name,
    dumps,
    image_content_type,
    public,
)


@require_GET
def achievement_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    badge_class = hosted_found.badge_class_for_hosting(public_id=public_id)
    if badge_class is None:
        raise Http404
    return public(dumps(credentials.achievement_document(badge_class)), content_type=JSONLD)


@require_http_methods(["GET", "HEAD"])
def endorsement_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The EndorsementCredential, signed with the endorser's key; 410 once withdrawn."""
    endorsement = hosted_found.endorsement_for_hosting(public_id=public_id)
    if endorsement is None:
        raise Http404
    if endorsement.status != Endorsement.Status.ACTIVE:
        gone = credentials.endorsement_withdrawn_document(endorsement)
        return public(dumps(gone), content_type=JSON, status=410)
    key = services.issuer_active_key(issuer=endorsement.issuer)
    signed = credentials.signed_endorsement(endorsement, key=key)
    return public(dumps(signed), content_type=JSONLD)


def _credential(public_id: uuid.UUID) -> tuple[Assertion, dict[str, Any], str] | HttpResponse:
    """(assertion, signed credential, VC-JWT); a 410 response once revoked; 404 if unknown."""
    assertion = found.assertion_for_credential(public_id=public_id)
    if assertion is None:
        raise Http404
    if assertion.revoked_at is not None:
        gone = {
            "id": credentials.credential_url(assertion),
            "revoked": True,
            "message": "This credential was revoked by its issuer.",
        }
        return public(dumps(gone), content_type=JSON, status=410)
    signed, token = credentials.credential_for(assertion)
    return assertion, signed, token


def _wants_download(request: HttpRequest) -> bool:
    return request.GET.get("download") == "1"


@require_http_methods(["GET", "HEAD"])
def credential_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The OpenBadgeCredential with its Data Integrity proof (eddsa-rdfc-2022)."""
    answer = _credential(public_id)
    if isinstance(answer, HttpResponse):
        return answer
    assertion, signed, _token = answer
    filename = download_name(assertion, "json") if _wants_download(request) else ""
    return public(dumps(signed), content_type=JSONLD, filename=filename)


@require_http_methods(["GET", "HEAD"])
def credential_jwt(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The same credential as a VC-JWT (EdDSA)."""
    answer = _credential(public_id)
    if isinstance(answer, HttpResponse):
        return answer
    assertion, _signed, token = answer
    filename = download_name(assertion, "jwt") if _wants_download(request) else ""
    return public(token, content_type=JWT, filename=filename)


@require_GET
def credential_baked(request: HttpRequest, public_id: uuid.UUID, kind: str) -> HttpResponse:
    """The badge image with the signed credential baked in (PNG iTXt / SVG element)."""
    answer = _credential(public_id)
    if isinstance(answer, HttpResponse):
        return answer
    assertion, signed, _token = answer
    if assertion.badge_class.image_type != kind or not assertion.badge_class.image:
        raise Http404
    response = public(
        credentials.baked_credential(assertion, signed),
        content_type=image_content_type(kind),
        filename=download_name(assertion, kind),
    )
    response["Content-Security-Policy"] = IMAGE_CSP
    return response
