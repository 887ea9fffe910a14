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

from accounts import selectors as account_selectors
from accounts import services as account_services
from accounts.models import DistrictSettings, ProfileRequest, User
from core.errors import ServiceError
from core.pagination import keyset_page
from core.views import run_service

from .. import selectors, services
from ..filters import HeldBadgeFilter
from ..forms import LearnerRecordForm, PublicToggleForm
from ..hosting import credentials
from ..selectors import earner
from .responses import JSONLD, dumps, page_context

Approval = DistrictSettings.MinorProfileApproval
MINE_PAGE_SIZE = 20
MINE_ORDER = ("-issued_on", "-pk")  # newest first; index assertion_recipient_order_idx


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
    page = keyset_page(found.qs, data=request.GET, ordering=MINE_ORDER, per_page=MINE_PAGE_SIZE)
    return render(
        request,
        "badges/assertion_mine.html",
        {
            "rows": earner.held_badges(assertions=page.rows),
            "page": page,
            "has_badges": bool(issuers),
            "filter_form": found.form,
            "filtered": found.is_filtered,
            "profile_url": reverse("badges:profile-detail", kwargs={"public_id": user.public_id}),
            "profile": _profile_state(user),
        },
    )


def _profile_state(user: User) -> dict[str, object]:
    """The public-profile box of my badges: on or off, and for a minor what switching
    it on needs and where their request stands."""
    approval = account_selectors.profile_approval_of(user=user)
    # Only a minor asks for approval; an adult's page makes no query for requests.
    latest = account_selectors.profile_request_latest(user=user) if user.is_minor else None
    pending = latest if latest and latest.status == ProfileRequest.Status.PENDING else None
    declined = latest if latest and latest.status == ProfileRequest.Status.DECLINED else None
    return {
        "public": user.profile_public,
        "approval": approval.required,
        "needs_approval": approval.needed,
        "guardian": approval.required == Approval.GUARDIAN,
        "pending": pending,
        "declined": declined if not user.profile_public else None,
    }


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
def profile_preview(request: HttpRequest) -> HttpResponse:
    """My public profile as anyone with its link would see it, whether it is on or not."""
    page = earner.profile_preview(user=request.user)
    return render(
        request,
        "badges/profile_detail.html",
        page_context(page, preview=True, profile=_profile_state(request.user)),
    )


@login_required
@require_POST
def profile_set_public(request: HttpRequest) -> HttpResponse:
    """Switch my public profile on or off (a minor's switch-on may ask for approval)."""
    form = PublicToggleForm(request.POST)
    form.is_valid()
    public = bool(form.cleaned_data.get("public"))
    mine = reverse("badges:assertion-mine")

    def told(user: User) -> str:
        if not public:
            return _("Your public profile is now hidden.")
        if user.profile_public:
            return _("Your public profile is now visible to anyone with its link.")
        if account_selectors.profile_approval_of(user=user).required == Approval.GUARDIAN:
            return _(
                "Your district asks for a parent's or guardian's consent first. Cairn has no "
                "contact details for parents or guardians, so your request went to your "
                "district's admins, who will confirm the consent with them. Your profile "
                "stays hidden until then."
            )
        return _(
            "Your request went to your district's admins. Your profile stays hidden until "
            "one of them approves it."
        )

    def refused(exc: ServiceError) -> HttpResponse:
        messages.error(request, exc.message)
        return HttpResponseRedirect(mine)

    return run_service(
        request,
        lambda: account_services.user_set_profile_public(actor=request.user, public=public),
        done=told,
        then=mine,
        refused=refused,
    )


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
