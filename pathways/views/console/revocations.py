"""Revocations in the console: the revoked badges of the issuers an admin awards for
(paginated), a search for a badge to revoke, and a revoke form that asks for the
reason verifiers will read (required), through the one revoke door."""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from badges import hosting
from badges.forms import RevokeForm
from badges.models import Assertion
from core.errors import ServiceError
from core.pagination import keyset_page
from core.views import run_service

from ... import selectors as sel
from ... import services
from ...forms import RevocationSearchForm
from . import require_awarder

PER_PAGE = 25
REVOCATIONS_ORDER = ("-revoked_at", "-pk")  # latest first, keyset pages


@login_required
@require_GET
def revocation_list(request: HttpRequest) -> HttpResponse:
    require_awarder(request)
    search = RevocationSearchForm(request.GET)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    found = sel.revocable_for(user=request.user, query=query)
    page = keyset_page(
        sel.revocations_for(user=request.user),
        data=request.GET,
        ordering=REVOCATIONS_ORDER,
        per_page=PER_PAGE,
    )
    return render(
        request,
        "pathways/console/revocation_list.html",
        {
            "search": search,
            "query": query,
            "searched": len(query.strip()) >= 2,
            "found": [{"assertion": a, "url": hosting.assertion_url(a)} for a in found],
            "page": page,
            "rows": [{"assertion": a, "url": hosting.assertion_url(a)} for a in page.rows],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def revocation_create(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    require_awarder(request)
    assertion = sel.revocable_assertion_for(user=request.user, public_id=public_id)
    if assertion is None:
        raise Http404
    posted = request.method == "POST"
    form = RevokeForm(request.POST if posted else None)

    def page(status: int) -> HttpResponse:
        return render(
            request,
            "pathways/console/revocation_create.html",
            {"assertion": assertion, "url": hosting.assertion_url(assertion), "form": form},
            status=status,
        )

    if not posted:
        return page(200)
    if not form.is_valid():
        return page(400)

    def refused(exc: ServiceError) -> HttpResponse:
        form.add_error(None, exc.message)
        return page(400)

    def done(revoked: Assertion) -> str:
        return _("Revoked “%(badge)s” from %(name)s. Verifiers now see the reason.") % {
            "badge": revoked.badge_class.name,
            "name": (
                assertion.recipient.get_full_name() or assertion.recipient.email
                if assertion.recipient is not None
                else assertion.recipient_email
            ),
        }

    return run_service(
        request,
        lambda: services.assertion_revoke(
            actor=request.user, assertion=assertion, reason=form.cleaned_data["reason"]
        ),
        done=done,
        then=reverse("pathways:console-revocation-list"),
        refused=refused,
    )
