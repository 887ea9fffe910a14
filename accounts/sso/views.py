"""The sign-in page (with the districts' provider buttons) and the console's pages for a
district's sign-in providers (`/console/sign-in/`), for the district's admins and
superusers (`accounts.sso.permissions`); anyone else gets 404. Writes go through
`accounts.sso.services`."""

from __future__ import annotations

import uuid

from allauth.account.views import LoginView
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.errors import ServiceError
from core.views import run_service

from ..models import IdentityProvider
from . import selectors, services
from .forms import ERROR_FIELDS, IdentityProviderForm
from .permissions import administers_sign_in

PER_PAGE = 25
Kind = IdentityProvider.Kind


class SignInView(LoginView):
    """allauth's sign-in, with the enabled providers' buttons grouped by district
    (`?district=<slug>`: that district's only)."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        district = self.request.GET.get("district", "").strip()
        context["sso_groups"] = selectors.login_buttons(district_slug=district)
        context["sso_district"] = district
        context["signup_open"] = _signup_open(self.request)
        return context


def _signup_open(request: HttpRequest) -> bool:
    from allauth.account.adapter import get_adapter

    return bool(get_adapter(request).is_open_for_signup(request))


# The console ---------------------------------------------------------------------------


def _require_admin(request: HttpRequest) -> None:
    if not administers_sign_in(request.user):
        raise Http404


def _provider(request: HttpRequest, public_id: uuid.UUID) -> IdentityProvider:
    idp = selectors.identity_providers_for(request.user).filter(public_id=public_id).first()
    if idp is None:
        raise Http404
    return idp


def _edit_url(idp: IdentityProvider) -> str:
    return reverse("sso:idp-edit", kwargs={"public_id": idp.public_id})


@login_required
@require_GET
def idp_list(request: HttpRequest) -> HttpResponse:
    _require_admin(request)
    page = Paginator(selectors.identity_providers_for(request.user), PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {"page": page, "kinds": Kind.choices}
    return render(request, "accounts/sso/idp_list.html", context)


def _form_page(request, form, *, idp=None, status=200) -> HttpResponse:
    context = {
        "form": form,
        "idp": idp,
        "kind_label": Kind(form.kind).label,
        "addresses": selectors.provider_addresses(request, idp) if idp is not None else [],
    }
    return render(request, "accounts/sso/idp_form.html", context, status=status)


def _refused(request, form, idp=None):
    def refused(error: ServiceError) -> HttpResponse:
        form.add_error(ERROR_FIELDS.get(error.code), error.message)
        return _form_page(request, form, idp=idp, status=400)

    return refused


@login_required
@require_http_methods(["GET", "POST"])
def idp_create(request: HttpRequest, kind: str) -> HttpResponse:
    _require_admin(request)
    if kind not in Kind.values:
        raise Http404
    districts = selectors.districts_for(request.user)
    if request.method == "GET":
        initial = {"enabled": True}
        if kind == Kind.MICROSOFT:
            initial["tenant"] = "organizations"
        return _form_page(
            request, IdentityProviderForm(kind=kind, districts=districts, initial=initial)
        )
    form = IdentityProviderForm(request.POST, kind=kind, districts=districts)
    if not form.is_valid():
        return _form_page(request, form, status=400)
    return run_service(
        request,
        lambda: services.identity_provider_create(actor=request.user, **form.service_kwargs()),
        done=lambda idp: (
            _("%(name)s is added. Register the addresses below at the provider.")
            % {"name": idp.name}
        ),
        then=_edit_url,
        refused=_refused(request, form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def idp_edit(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    _require_admin(request)
    idp = _provider(request, public_id)
    has_secret = bool(idp.secret_sealed)
    if request.method == "GET":
        form = IdentityProviderForm(
            kind=idp.kind, has_secret=has_secret, initial=IdentityProviderForm.initial_from(idp)
        )
        return _form_page(request, form, idp=idp)
    form = IdentityProviderForm(request.POST, kind=idp.kind, has_secret=has_secret)
    if not form.is_valid():
        return _form_page(request, form, idp=idp, status=400)
    return run_service(
        request,
        lambda: services.identity_provider_update(
            actor=request.user, idp=idp, **form.service_kwargs(idp)
        ),
        done=lambda row: _("%(name)s is saved.") % {"name": row.name},
        then=_edit_url,
        refused=_refused(request, form, idp),
    )


@login_required
@require_POST
def idp_set_enabled(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    _require_admin(request)
    idp = _provider(request, public_id)
    enabled = request.POST.get("enabled") == "on"

    def refused(error: ServiceError) -> HttpResponse:
        raise Http404

    return run_service(
        request,
        lambda: services.identity_provider_set_enabled(
            actor=request.user, idp=idp, enabled=enabled
        ),
        done=(
            _("%(name)s is switched on: its button is on the sign-in page.")
            if enabled
            else _("%(name)s is switched off: its button is gone and its sign-ins are refused.")
        )
        % {"name": idp.name},
        then=reverse("sso:idp-list"),
        refused=refused,
    )
