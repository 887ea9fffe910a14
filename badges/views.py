"""HTML pages and hosted Open Badges 2.0 endpoints. Thin: parse, check, call, respond."""

from __future__ import annotations

import json
import uuid
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import caches
from django.core.exceptions import PermissionDenied
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
)
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import User

from . import hosting, permissions, selectors, services, verification
from .forms import PublicToggleForm, RevokeForm, VerifyForm
from .hosting import credentials
from .models import Assertion
from .openbadges import ob2
from .openbadges.baking import bake

JSONLD = "application/ld+json"


def _wants_html(request: HttpRequest) -> bool:
    if request.GET.get("format") == "json":
        return False
    return request.get_preferred_type([JSONLD, "application/json", "text/html"]) == "text/html"


def _dumps(doc: dict) -> bytes:
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode()


def _jsonld(doc: dict, *, status: int = 200) -> HttpResponse:
    return _jsonld_body(_dumps(doc), status=status)


def _jsonld_body(body: bytes, *, status: int = 200) -> HttpResponse:
    response = HttpResponse(body, content_type=JSONLD, status=status)
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "public, max-age=60"
    response["Vary"] = "Accept"
    return response


def _html(request: HttpRequest, template: str, context: dict, *, status: int = 200):
    response = render(request, template, context, status=status)
    response["Vary"] = "Accept"
    return response


# Hosted Open Badges 2.0 -------------------------------------------------------------


@require_GET
def issuer_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    issuer = selectors.issuer_for_hosting(public_id)
    if issuer is None:
        raise Http404
    if not _wants_html(request):
        return _jsonld(hosting.issuer_document(issuer))
    badge_classes = issuer.badge_classes.filter(status="active").order_by("name")
    return _html(
        request,
        "badges/issuer_detail.html",
        {
            "issuer": issuer,
            "badge_classes": [
                {"badge_class": b, "url": hosting.badge_class_url(b)} for b in badge_classes
            ],
            "canonical_url": hosting.issuer_url(issuer),
        },
    )


@require_GET
def revocation_list(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    issuer = selectors.issuer_for_hosting(public_id)
    if issuer is None:
        raise Http404
    revoked = [
        (hosting.assertion_url(a), a.revocation_reason)
        for a in selectors.revoked_assertions_of(issuer)
    ]
    return _jsonld(
        ob2.revocation_list_json(
            id=hosting.revocation_list_url(issuer),
            issuer=hosting.issuer_url(issuer),
            revoked=revoked,
        )
    )


@require_GET
def badge_class_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    badge_class = selectors.badge_class_for_hosting(public_id)
    if badge_class is None:
        raise Http404
    doc = hosting.badge_class_document(badge_class)
    if not _wants_html(request):
        return _jsonld(doc)
    return _html(
        request,
        "badges/badgeclass_detail.html",
        {
            "badge_class": badge_class,
            "doc": doc,
            "issuer_url": hosting.issuer_url(badge_class.issuer),
            "image_url": hosting.badge_image_url(badge_class),
            "canonical_url": doc["id"],
            **_credit_and_endorsements(badge_class),
        },
    )


def _credit_and_endorsements(badge_class) -> dict:
    """Credit agreements and endorsements shown with a badge (two queries)."""
    return {
        "credit_agreements": selectors.credit_agreements_in_effect(badge_class),
        "endorsements": [
            {"endorsement": e, "url": hosting.endorsement_url(e)}
            for e in selectors.endorsements_of(badge_class)
        ],
    }


@require_GET
def badge_class_image(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    badge_class = selectors.badge_class_for_hosting(public_id)
    if badge_class is None or not badge_class.image:
        raise Http404
    with badge_class.image.open("rb") as fh:
        data = fh.read()
    return _image_response(data, badge_class.image_type)


def _image_response(data: bytes, kind: str, *, filename: str = "") -> HttpResponse:
    content_type = "image/svg+xml" if kind == "svg" else "image/png"
    response = HttpResponse(data, content_type=content_type)
    response["Cache-Control"] = "public, max-age=300"
    response["Access-Control-Allow-Origin"] = "*"
    # An SVG is sanitized on upload; this stops any script from running if opened directly.
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_http_methods(["GET", "HEAD"])
def assertion_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The hosted assertion: JSON-LD (410 once revoked) or, for browsers, a page.

    The JSON is the hottest public URL (validators, backpacks, LinkedIn), so the
    rendered body is cached for HOSTED_JSON_CACHE_SECONDS, no longer than the
    Cache-Control we send anyway; revoking deletes the cached copy on commit.
    """
    if _wants_html(request):
        assertion = selectors.assertion_for_hosting(public_id)
        if assertion is None:
            raise Http404
        return assertion_page(request, assertion, revoke_form=RevokeForm())
    key = hosting.assertion_cache_key(public_id)
    cached = caches["hosted"].get(key)
    if cached is None:
        assertion = selectors.assertion_for_hosted_json(public_id)
        if assertion is None:
            raise Http404
        status = 410 if assertion.revoked_at is not None else 200
        body = _dumps(hosting.assertion_document(assertion))
        cached = (status, body)
        caches["hosted"].set(key, cached, settings.HOSTED_JSON_CACHE_SECONDS)
    status, body = cached
    return _jsonld_body(body, status=status)


def assertion_page(
    request: HttpRequest, assertion: Assertion, *, revoke_form: RevokeForm, status: int = 200
) -> HttpResponse:
    badge_class = assertion.badge_class
    user = request.user
    context = {
        "assertion": assertion,
        "badge_class": badge_class,
        "issuer": badge_class.issuer,
        "status": assertion.status,
        "show_name": permissions.can_see_recipient_name(user, assertion),
        "is_owner": permissions.can_view_assertion_owner_page(user, assertion),
        "can_revoke": user.is_authenticated
        and assertion.revoked_at is None
        and permissions.can_revoke(user, assertion),
        "revoke_form": revoke_form,
        "canonical_url": hosting.assertion_url(assertion),
        "badge_url": hosting.badge_class_url(badge_class),
        "issuer_url": hosting.issuer_url(badge_class.issuer),
        "image_url": hosting.badge_image_url(badge_class),
        "verify_url": reverse("badges:verify")
        + "?"
        + urlencode({"url": hosting.assertion_url(assertion)}),
    }
    return _html(request, "badges/assertion_detail.html", context, status=status)


@require_GET
def assertion_baked(request: HttpRequest, public_id: uuid.UUID, kind: str) -> HttpResponse:
    """The badge image with this assertion baked in (PNG or SVG, per the badge's image).

    A PNG badge class bakes only into PNG and an SVG one only into SVG; asking for
    the other kind answers 404.
    """
    assertion = selectors.assertion_for_hosting(public_id)
    if assertion is None or assertion.badge_class.image_type != kind:
        raise Http404
    with assertion.badge_class.image.open("rb") as fh:
        image = fh.read()
    payload = json.dumps(hosting.baked_assertion_document(assertion), ensure_ascii=False)
    name = f"{assertion.badge_class.slug}-{str(assertion.public_id)[:8]}.{kind}"
    return _image_response(bake(image, payload), kind, filename=name)


# The earner's pages -----------------------------------------------------------------


def _linkedin_url(assertion: Assertion) -> str:
    issued = assertion.issued_on
    params = {
        "startTask": "CERTIFICATION_NAME",
        "name": assertion.badge_class.name,
        "organizationName": assertion.badge_class.issuer.name,
        "issueYear": issued.year,
        "issueMonth": issued.month,
        "certUrl": hosting.assertion_url(assertion),
        "certId": str(assertion.public_id),
    }
    if assertion.expires_at:
        params["expirationYear"] = assertion.expires_at.year
        params["expirationMonth"] = assertion.expires_at.month
    return "https://www.linkedin.com/profile/add?" + urlencode(params)


@login_required
@require_GET
def assertion_mine(request: HttpRequest) -> HttpResponse:
    rows = [
        {
            "assertion": a,
            "badge_class": a.badge_class,
            "status": a.status,
            "url": hosting.assertion_url(a),
            "image_url": hosting.badge_image_url(a.badge_class),
            "baked_png": hosting.baked_url(a, "png") if a.badge_class.image_type == "png" else "",
            "baked_svg": hosting.baked_url(a, "svg") if a.badge_class.image_type == "svg" else "",
            "linkedin": _linkedin_url(a),
            **_ob3_links(a),
        }
        for a in selectors.assertions_held_by(request.user)
    ]
    return render(
        request,
        "badges/assertion_mine.html",
        {
            "rows": rows,
            "profile_url": reverse(
                "badges:profile-detail", kwargs={"public_id": request.user.public_id}
            ),
        },
    )


def _ob3_links(assertion: Assertion) -> dict[str, str]:
    """Open Badges 3.0 downloads and the wallet page (none once revoked)."""
    if assertion.revoked_at is not None:
        return {"ob3_json": "", "ob3_baked": "", "ob3_wallet": ""}
    return {
        "ob3_json": credentials.credential_url(assertion) + "?download=1",
        "ob3_baked": credentials.credential_baked_url(assertion, assertion.badge_class.image_type),
        "ob3_wallet": credentials.credential_wallet_url(assertion),
    }


@login_required
@require_POST
def assertion_set_public(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    assertion = selectors.assertions_held_by(request.user).filter(public_id=public_id).first()
    if assertion is None:
        raise Http404
    form = PublicToggleForm(request.POST)
    form.is_valid()
    public = bool(form.cleaned_data.get("public"))
    try:
        services.assertion_set_public(actor=request.user, assertion=assertion, public=public)
    except PermissionDenied as exc:
        raise Http404 from exc
    if public:
        messages.success(
            request, _("“%(name)s” is now public.") % {"name": assertion.badge_class.name}
        )
    else:
        messages.success(
            request, _("“%(name)s” is now private.") % {"name": assertion.badge_class.name}
        )
    return HttpResponseRedirect(reverse("badges:assertion-mine"))


@require_GET
def profile_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """An earner's public profile: opt-in, and only the badges they marked public."""
    owner = User.objects.filter(public_id=public_id, is_active=True).first()
    if owner is None or not owner.profile_public:
        raise Http404
    rows = [
        {
            "assertion": a,
            "badge_class": a.badge_class,
            "url": hosting.assertion_url(a),
            "image_url": hosting.badge_image_url(a.badge_class),
        }
        for a in selectors.assertions_public_for_profile(owner)
    ]
    return render(request, "badges/profile_detail.html", {"owner": owner, "rows": rows})


# Verification -------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    result = None
    if request.method == "POST":
        form = VerifyForm(request.POST, request.FILES)
        if form.is_valid():
            email = form.cleaned_data.get("email") or ""
            upload = form.cleaned_data.get("image")
            if upload is not None:
                max_bytes = settings.VERIFY_IMAGE_MAX_BYTES
                data = upload.read(max_bytes + 1)
                result = verification.verify_image(data, email=email)
            elif form.cleaned_data.get("credential"):
                result = verification.verify_credential(
                    form.cleaned_data["credential"], email=email
                )
            else:
                result = verification.verify_url(form.cleaned_data["url"], email=email)
    else:
        form = VerifyForm(initial={"url": request.GET.get("url", "")})
    context = {"form": form, "result": result}
    if result is not None and result.assertion is not None:
        badge_class = result.assertion.badge_class
        context.update(
            {
                "badge_class": badge_class,
                "issuer": badge_class.issuer,
                "badge_url": hosting.badge_class_url(badge_class),
                "issuer_url": hosting.issuer_url(badge_class.issuer),
                "image_url": hosting.badge_image_url(badge_class),
                **_credit_and_endorsements(badge_class),
            }
        )
    status = 400 if request.method == "POST" and not form.is_valid() else 200
    return render(request, "badges/verify.html", context, status=status)


@require_GET
def endorsement_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The hosted Open Badges 2.0 Endorsement (410 once withdrawn); browsers are sent
    to the badge page, which lists its endorsements."""
    endorsement = selectors.endorsement_for_hosting(public_id)
    if endorsement is None:
        raise Http404
    if _wants_html(request):
        return HttpResponseRedirect(
            hosting.badge_class_url(endorsement.badge_class) + "#endorsements"
        )
    doc = hosting.endorsement_document(endorsement)
    return _jsonld(doc, status=410 if doc.get("revoked") else 200)
