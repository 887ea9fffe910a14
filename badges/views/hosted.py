"""Hosted Open Badges 2.0: issuers, revocation lists, badge classes and their images,
assertions (JSON-LD, a page for browsers, baked images) and endorsements. Public: anyone
holding the link may verify what it names."""

from __future__ import annotations

import json
import uuid

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.views.decorators.http import require_GET, require_http_methods

from .. import hosting
from ..forms import RevokeForm
from ..models import Assertion
from ..openbadges.baking import BakeryError, bake
from ..selectors import hosting as found
from ..selectors import pages
from . import revocations
from .responses import (
    download_name,
    dumps,
    hosted,
    hosted_image,
    hosted_page,
    page_context,
    wants_html,
)


@require_GET
def issuer_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    issuer = found.issuer_for_hosting(public_id=public_id)
    if issuer is None:
        raise Http404
    if not wants_html(request):
        return hosted(dumps(hosting.issuer_document(issuer)))
    page = pages.issuer_page(issuer=issuer)
    return hosted_page(request, "badges/issuer_detail.html", page_context(page))


# The issuer's Open Badges 2.0 RevocationList, stored and kept up to date by the revoke
# service, served with ETag / Last-Modified (`views.revocations`).
revocation_list = revocations.revocation_list


@require_GET
def badge_class_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    badge_class = found.badge_class_for_hosting(public_id=public_id)
    if badge_class is None:
        raise Http404
    if not wants_html(request):
        return hosted(dumps(hosting.badge_class_document(badge_class)))
    page = pages.badge_class_page(badge_class=badge_class)
    return hosted_page(request, "badges/badgeclass_detail.html", page_context(page))


@require_GET
def badge_class_image(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    badge_class = found.badge_class_for_hosting(public_id=public_id)
    if badge_class is None or not badge_class.image:
        raise Http404
    with badge_class.image.open("rb") as fh:
        data = fh.read()
    return hosted_image(data, badge_class.image_type)


@require_http_methods(["GET", "HEAD"])
def assertion_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The hosted assertion: JSON-LD (410 once revoked) or, for browsers, a page.

    The JSON is read from the database on every request (one query by an indexed key),
    never from a per-process cache, so a revocation made anywhere answers 410 on the
    very next request in every process.
    """
    if wants_html(request):
        assertion = found.assertion_for_hosting(public_id=public_id)
        if assertion is None:
            raise Http404
        return assertion_page(request, assertion, revoke_form=RevokeForm())
    row = found.assertion_for_hosted_json(public_id=public_id)
    if row is None:
        raise Http404
    status = 410 if row.revoked_at is not None else 200
    return hosted(dumps(hosting.assertion_document(row)), status=status)


def assertion_page(
    request: HttpRequest, assertion: Assertion, *, revoke_form: RevokeForm, status: int = 200
) -> HttpResponse:
    """The hosted assertion's page, with `revoke_form` for those who may revoke it (the
    revoke view, in `pathways`, shows it again with its errors)."""
    page = pages.assertion_page(user=request.user, assertion=assertion)
    context = page_context(page, revoke_form=revoke_form)
    return hosted_page(request, "badges/assertion_detail.html", context, status=status)


@require_GET
def assertion_baked(request: HttpRequest, public_id: uuid.UUID, kind: str) -> HttpResponse:
    """The badge image with this assertion baked in (PNG or SVG, per the badge's image).

    A PNG badge class bakes only into PNG and an SVG one only into SVG; asking for
    the other kind answers 404.
    """
    assertion = found.assertion_for_hosting(public_id=public_id)
    if assertion is None or assertion.badge_class.image_type != kind:
        raise Http404
    with assertion.badge_class.image.open("rb") as fh:
        image = fh.read()
    payload = json.dumps(hosting.baked_assertion_document(assertion), ensure_ascii=False)
    try:
        baked = bake(image, payload)
    except BakeryError:
        # An image stored before uploads were checked: the assertion itself stays valid
        # at its hosted URL; only the download cannot be made until the image is replaced.
        return HttpResponse(
            "This badge's image cannot be baked; its issuer must replace the image. "
            "The badge itself can still be verified at its hosted address.",
            status=409,
            content_type="text/plain; charset=utf-8",
        )
    return hosted_image(baked, kind, filename=download_name(assertion, kind))


@require_GET
def endorsement_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The hosted Open Badges 2.0 Endorsement (410 once withdrawn); browsers are sent
    to the badge page, which lists its endorsements."""
    endorsement = found.endorsement_for_hosting(public_id=public_id)
    if endorsement is None:
        raise Http404
    if wants_html(request):
        return HttpResponseRedirect(
            hosting.badge_class_url(endorsement.badge_class) + "#endorsements"
        )
    doc = hosting.endorsement_document(endorsement)
    return hosted(dumps(doc), status=410 if doc.get("revoked") else 200)
