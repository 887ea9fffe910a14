"""The district's settings page, for its admins (and superusers): the smallest group
shown in reports, the review target and who approves a minor's public profile,
changed through `accounts.services.district_settings_update`. Everyone else gets 404."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.models import Organization
from accounts.selectors import district_settings_of
from accounts.services import district_settings_update
from console import permissions
from console.forms import DistrictSettingsForm
from core.errors import ServiceError
from core.views import run_service

from .dashboard import chosen_district


def _page(
    request: HttpRequest,
    form: DistrictSettingsForm,
    district: Organization,
    districts: list[Organization],
    status: int = 200,
) -> HttpResponse:
    context = {"form": form, "district": district, "districts": districts}
    return render(request, "console/settings_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def settings_edit(request: HttpRequest) -> HttpResponse:
    districts = list(permissions.districts.queryset(request.user, "configure").order_by("name"))
    district = chosen_district(request, districts)
    if request.method == "GET":
        form = DistrictSettingsForm(
            initial=DistrictSettingsForm.initial_from(district_settings_of(district))
        )
        return _page(request, form, district, districts)
    form = DistrictSettingsForm(request.POST)
    if not form.is_valid():
        return _page(request, form, district, districts, status=400)

    def refused(error: ServiceError) -> HttpResponse:
        form.add_error(DistrictSettingsForm.ERROR_FIELDS.get(error.code), str(error))
        return _page(request, form, district, districts, status=400)

    return run_service(
        request,
        lambda: district_settings_update(
            actor=request.user, district=district, **form.cleaned_data
        ),
        done=_("The settings of %(district)s are saved.") % {"district": district.name},
        then=f"{reverse('console:settings')}?{urlencode({'district': district.slug})}",
        refused=refused,
    )
