"""The earner's pages: my badges (and the public switch), my public profile, handing a
credential to a wallet, and exporting my learner record (CLR 2.0)."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.errors import ServiceError
from core.views import run_service

from .. import selectors, services
from ..filters import HeldBadgeFilter
from ..forms import LearnerRecordForm, PublicToggleForm
from ..hosting import credentials
from ..selectors import earner
from .responses import JSONLD, dumps, page_context


@login_required
@require_GET
def assertion_mine(request: HttpRequest) -> HttpResponse:
    """My badges, newest first, filtered by status and issuer (as the API's list is)."""
    user = request.user
    issuers = selectors.issuers_of_held(user=user)
    found = HeldBadgeFilter(
        request.GET or None,
        queryset=selectors.assertions_held_by(user=user),
        issuers=[(str(i.public_id), i.name) for i in issuers],
    )
    return render(
        request,
        "badges/assertion_mine.html",
        {
            "rows": earner.held_badges(assertions=found.qs),
            "has_badges": bool(issuers),
            "filter_form": found.form,
            "filtered": found.is_filtered,
            "profile_url": reverse("badges:profile-detail", kwargs={"public_id": user.public_id}),
        },
    )


@login_required
@require_POST
def assertion_set_public(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    assertion = selectors.assertions_held_by(user=request.user).filter(public_id=public_id).first()
    if assertion is None:
        raise Http404
    form = PublicToggleForm(request.POST)
    form.is_valid()
    public = bool(form.cleaned_data.get("public"))
    name = {"name": assertion.badge_class.name}
    mine = reverse("badges:assertion-mine")

    def refused(exc: ServiceError) -> HttpResponse:
        messages.error(request, exc.message)
        return HttpResponseRedirect(mine)

    return run_service(
        request,
        lambda: services.assertion_set_public(
            actor=request.user, assertion=assertion, public=public
        ),
        done=(_("“%(name)s” is now public.") if public else _("“%(name)s” is now private.")) % name,
        then=mine,
        refused=refused,
    )


@require_GET
def profile_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """An earner's public profile: opt-in, and only the badges they marked public."""
    page = earner.public_profile(public_id=public_id)
    if page is None:
        raise Http404
    return render(request, "badges/profile_detail.html", page_context(page))


@login_required
@require_GET
def credential_wallet(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The earner's hand-off page: the credential's link and files for a wallet."""
    page = earner.wallet_page(user=request.user, public_id=public_id)
    if page is None:
        raise Http404
    return render(request, "badges/ob3_credential_wallet.html", page_context(page))


@login_required
@require_http_methods(["GET", "POST"])
def clr_mine(request: HttpRequest) -> HttpResponse:
    """Export my learner record: every public badge plus the private ones I tick."""
    choice = earner.record_choice(user=request.user)
    form = LearnerRecordForm(
        request.POST if request.method == "POST" else None,
        choices=[(str(a.public_id), a.badge_class.name) for a in choice.private],
    )
    if request.method == "POST" and form.is_valid():
        chosen = choice.chosen(form.cleaned_data["include"])
        if chosen:
            record = credentials.learner_record_for(
                request.user, chosen, partial=len(chosen) < len(choice.held)
            )
            response = HttpResponse(dumps(record), content_type=JSONLD)
            response["Content-Disposition"] = 'attachment; filename="learner-record.json"'
            response["Cache-Control"] = "no-store"
            return response
        form.add_error(None, _("Choose at least one badge for your record."))
    status = 400 if request.method == "POST" else 200
    return render(
        request, "badges/ob3_clr_mine.html", page_context(choice, form=form), status=status
    )
