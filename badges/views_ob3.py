"""Open Badges 3.0 endpoints and pages: DID documents, keys, status lists, credentials,
the wallet hand-off and the learner record (CLR 2.0). Thin: parse, check, call, respond.

Credentials are public to whoever holds their link, like hosted 2.0 assertions. The
first request for an assertion's credential allocates its status list index and,
for a new issuer, its signing key (both idempotent services).
"""

from __future__ import annotations

import json
import uuid
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from . import permissions, selectors, selectors_ob3, services_ob3
from .forms_ob3 import LearnerRecordForm
from .hosting import credentials
from .models import Assertion, Endorsement, IssuerKey, StatusListEntry

JSON = "application/json"
JSONLD = "application/ld+json"
JWT = "application/jwt"


def _body(doc: dict[str, Any]) -> bytes:
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode()


def _public(
    content: bytes | str, *, content_type: str, status: int = 200, filename: str = ""
) -> HttpResponse:
    """A public document any verifier or wallet may fetch, from any origin."""
    response = HttpResponse(content, content_type=content_type, status=status)
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "public, max-age=60"
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _filename(assertion: Assertion, ext: str) -> str:
    return f"{assertion.badge_class.slug}-{str(assertion.public_id)[:8]}.{ext}"


def _wants_download(request: HttpRequest) -> bool:
    return request.GET.get("download") == "1"


# Published keys and status lists -------------------------------------------------------


@require_GET
def platform_did(request: HttpRequest) -> HttpResponse:
    """Cairn's own DID document (the key that signs learner records)."""
    published = selectors_ob3.published_keys(None)
    return _public(_body(credentials.did_document(None, published)), content_type=JSON)


@require_GET
def platform_jwks(request: HttpRequest) -> HttpResponse:
    published = selectors_ob3.published_keys(None)
    return _public(_body(credentials.jwks_document(None, published)), content_type=JSON)


@require_GET
def issuer_did(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The issuer's did:web document: all its keys, active and retired."""
    issuer = selectors_ob3.issuer_for_keys(public_id)
    if issuer is None:
        raise Http404
    published = selectors_ob3.published_keys(issuer)
    return _public(_body(credentials.did_document(issuer, published)), content_type=JSON)


@require_GET
def issuer_jwks(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    issuer = selectors_ob3.issuer_for_keys(public_id)
    if issuer is None:
        raise Http404
    published = selectors_ob3.published_keys(issuer)
    return _public(_body(credentials.jwks_document(issuer, published)), content_type=JSON)


@require_GET
def issuer_status(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The issuer's signed BitstringStatusListCredential: a set bit means revoked."""
    issuer = selectors_ob3.issuer_for_keys(public_id)
    if issuer is None:
        raise Http404
    key = services_ob3.issuer_active_key(issuer)
    revoked, highest = selectors_ob3.status_list_state(issuer)
    document = credentials.status_list_credential(
        issuer, key=key, revoked=revoked, highest_index=highest
    )
    return _public(_body(document), content_type=JSONLD)


@require_GET
def achievement_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    badge_class = selectors.badge_class_for_hosting(public_id)
    if badge_class is None:
        raise Http404
    return _public(_body(credentials.achievement_document(badge_class)), content_type=JSONLD)


@require_http_methods(["GET", "HEAD"])
def endorsement_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The EndorsementCredential, signed with the endorser's key; 410 once withdrawn."""
    endorsement = selectors.endorsement_for_hosting(public_id)
    if endorsement is None:
        raise Http404
    if endorsement.status != Endorsement.Status.ACTIVE:
        gone = credentials.endorsement_withdrawn_document(endorsement)
        return _public(_body(gone), content_type=JSON, status=410)
    key = services_ob3.issuer_active_key(endorsement.issuer)
    signed = credentials.signed_endorsement(endorsement, key=key)
    return _public(_body(signed), content_type=JSONLD)


# Credentials ------------------------------------------------------------------------------


def _signing(assertion: Assertion) -> tuple[StatusListEntry, IssuerKey]:
    entry = getattr(assertion, "status_list_entry", None)
    if entry is None:
        entry = services_ob3.status_list_entry_for(assertion=assertion)
    return entry, services_ob3.issuer_active_key(assertion.badge_class.issuer)


def _credential(public_id: uuid.UUID) -> tuple[Assertion, dict[str, Any], str] | HttpResponse:
    """(assertion, signed credential, VC-JWT); a 410 response once revoked; 404 if unknown."""
    assertion = selectors_ob3.assertion_for_credential(public_id)
    if assertion is None:
        raise Http404
    if assertion.revoked_at is not None:
        gone = {
            "id": credentials.credential_url(assertion),
            "revoked": True,
            "message": "This credential was revoked by its issuer.",
        }
        return _public(_body(gone), content_type=JSON, status=410)
    entry, key = _signing(assertion)
    signed, token = credentials.signed_credential(assertion, entry=entry, key=key)
    return assertion, signed, token


@require_http_methods(["GET", "HEAD"])
def credential_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The OpenBadgeCredential with its Data Integrity proof (eddsa-rdfc-2022)."""
    found = _credential(public_id)
    if isinstance(found, HttpResponse):
        return found
    assertion, signed, _token = found
    filename = _filename(assertion, "json") if _wants_download(request) else ""
    return _public(_body(signed), content_type=JSONLD, filename=filename)


@require_http_methods(["GET", "HEAD"])
def credential_jwt(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The same credential as a VC-JWT (EdDSA)."""
    found = _credential(public_id)
    if isinstance(found, HttpResponse):
        return found
    assertion, _signed, token = found
    filename = _filename(assertion, "jwt") if _wants_download(request) else ""
    return _public(token, content_type=JWT, filename=filename)


@require_GET
def credential_baked(request: HttpRequest, public_id: uuid.UUID, kind: str) -> HttpResponse:
    """The badge image with the signed credential baked in (PNG iTXt / SVG element)."""
    found = _credential(public_id)
    if isinstance(found, HttpResponse):
        return found
    assertion, signed, _token = found
    if assertion.badge_class.image_type != kind or not assertion.badge_class.image:
        raise Http404
    content_type = "image/svg+xml" if kind == "svg" else "image/png"
    response = _public(
        credentials.baked_credential(assertion, signed),
        content_type=content_type,
        filename=_filename(assertion, kind),
    )
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response


@login_required
@require_GET
def credential_wallet(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The earner's hand-off page: the credential's link and files for a wallet."""
    assertion = selectors_ob3.assertion_for_credential(public_id)
    if (
        assertion is None
        or assertion.revoked_at is not None
        or not permissions.can_view_assertion_owner_page(request.user, assertion)
    ):
        raise Http404
    badge_class = assertion.badge_class
    credential_url = credentials.credential_url(assertion)
    return render(
        request,
        "badges/ob3_credential_wallet.html",
        {
            "assertion": assertion,
            "badge_class": badge_class,
            "issuer": badge_class.issuer,
            "status": assertion.status,
            "credential_url": credential_url,
            "json_download_url": f"{credential_url}?download=1",
            "jwt_download_url": f"{credentials.credential_jwt_url(assertion)}?download=1",
            "baked_url": credentials.credential_baked_url(assertion, badge_class.image_type),
            "baked_kind": badge_class.image_type.upper(),
            "verify_url": reverse("badges:verify") + "?" + urlencode({"url": credential_url}),
        },
    )


# Learner record (CLR 2.0) -------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def clr_mine(request: HttpRequest) -> HttpResponse:
    """Export my learner record: every public badge plus the private ones I tick."""
    held = list(selectors_ob3.assertions_for_record(request.user))
    public = [a for a in held if a.is_public]
    private = [a for a in held if not a.is_public]
    form = LearnerRecordForm(
        request.POST if request.method == "POST" else None,
        choices=[(str(a.public_id), a.badge_class.name) for a in private],
    )
    if request.method == "POST" and form.is_valid():
        ticked = set(form.cleaned_data["include"])
        chosen = public + [a for a in private if str(a.public_id) in ticked]
        if chosen:
            return _learner_record_download(request, chosen, partial=len(chosen) < len(held))
        form.add_error(None, _("Choose at least one badge for your record."))
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "badges/ob3_clr_mine.html",
        {"form": form, "public": public, "private": private, "held": held},
        status=status,
    )


def _learner_record_download(
    request: HttpRequest, chosen: list[Assertion], *, partial: bool
) -> HttpResponse:
    signed_ones = []
    for assertion in chosen:
        entry, key = _signing(assertion)
        signed, _token = credentials.signed_credential(assertion, entry=entry, key=key)
        signed_ones.append(signed)
    record = credentials.learner_record(
        request.user, signed_ones, partial=partial, key=services_ob3.issuer_active_key(None)
    )
    response = HttpResponse(_body(record), content_type=JSONLD)
    response["Content-Disposition"] = 'attachment; filename="learner-record.json"'
    response["Cache-Control"] = "no-store"
    return response
