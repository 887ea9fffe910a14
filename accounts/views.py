"""The accounts pages: minors' requests for a public profile, for the admins of their
district to decide (a console page, `console/profile-requests/`). Everyone else, and
a request someone may not decide, gets 404."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.errors import ServiceError
from core.views import run_service

from . import permissions, selectors, services
from .forms import ProfileRequestDecisionForm
from .models import DistrictSettings, ProfileRequest

PAGE_SIZE = 25
GUARDIAN = DistrictSettings.MinorProfileApproval.GUARDIAN


@login_required
@require_GET
def profile_request_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not permissions.decides_profile_requests(user):
        raise Http404
    page = Paginator(selectors.profile_requests_to_decide(user=user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = [
        {"request": r, "student": r.user, "guardian": r.approval == GUARDIAN}
        for r in page.object_list
    ]
    return render(request, "accounts/profile_request_list.html", {"rows": rows, "page": page})


@login_required
@require_POST
def profile_request_decide(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    found = (
        permissions.profile_requests.queryset(request.user, "decide")
        .filter(public_id=public_id, status=ProfileRequest.Status.PENDING)
        .select_related("user")
        .first()
    )
    if found is None:
        raise Http404
    back = reverse("accounts:profile-request-list")
    form = ProfileRequestDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose approve or decline."))
        return HttpResponseRedirect(back)
    approve = form.cleaned_data["decision"] == "approve"
    name = {"name": found.user.get_full_name()}

    def refused(exc: ServiceError) -> HttpResponse:
        messages.error(request, f"{found.user.get_full_name()}: {exc.message}")
        return HttpResponseRedirect(back)

    return run_service(
        request,
        lambda: services.profile_request_decide(
            actor=request.user,
            request=found,
            approve=approve,
            reason=form.cleaned_data["reason"],
            guardian_confirmed=form.cleaned_data["guardian_confirmed"],
        ),
        done=(
            _("%(name)s's public profile is now visible.")
            if approve
            else _("%(name)s's request was declined; they have been told why.")
        )
        % name,
        then=back,
        refused=refused,
    )
