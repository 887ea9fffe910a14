"""Issuers in the console: the list, a new issuer, its page (its badge classes and
signing keys) and its edit form."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.errors import ServiceError
from core.views import run_service

from ... import permissions, services
from ...forms.issuers import IssuerForm
from ...models import Issuer
from ...selectors import console as sel
from . import page_of, require_badge_admin

BADGES_SHOWN = 25


def _issuer(request: HttpRequest, public_id: uuid.UUID) -> Issuer:
    issuer = sel.issuer_for_console(user=request.user, public_id=public_id)
    if issuer is None:
        raise Http404
    return issuer


def _detail_url(issuer: Issuer) -> str:
    return reverse("badges:console-issuer-detail", kwargs={"public_id": issuer.public_id})


@login_required
@require_GET
def issuer_list(request: HttpRequest) -> HttpResponse:
    require_badge_admin(request)
    page = page_of(request, sel.issuers_for_console(user=request.user))
    may_create = permissions.issuing_organizations(request.user).exists()
    return render(
        request, "badges/console/issuer_list.html", {"page": page, "may_create": may_create}
    )


def _form_page(request, form, *, issuer=None, status=200) -> HttpResponse:
    return render(
        request, "badges/console/issuer_form.html", {"form": form, "issuer": issuer}, status=status
    )


def _refused(request, form, issuer=None):
    def refused(error: ServiceError) -> HttpResponse:
        form.add_error(IssuerForm.ERROR_FIELDS.get(error.code), error.message)
        return _form_page(request, form, issuer=issuer, status=400)

    return refused


@login_required
@require_http_methods(["GET", "POST"])
def issuer_create(request: HttpRequest) -> HttpResponse:
    require_badge_admin(request)
    organizations = list(
        permissions.issuing_organizations(request.user)
        .exclude(kind__in=permissions.ENDORSER_KINDS)  # a superuser's reach includes them
        .order_by("name", "pk")
    )
    if not organizations:
        raise Http404
    if request.method == "GET":
        initial = (
            {"organization": str(organizations[0].public_id)} if len(organizations) == 1 else {}
        )
        return _form_page(request, IssuerForm(initial=initial, organizations=organizations))
    form = IssuerForm(request.POST, organizations=organizations)
    if not form.is_valid():
        return _form_page(request, form, status=400)
    return run_service(
        request,
        lambda: services.issuer_create(actor=request.user, **form.cleaned_data),
        done=lambda issuer: _("The issuer “%(name)s” is made.") % {"name": issuer.name},
        then=_detail_url,
        refused=_refused(request, form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def issuer_edit(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    issuer = _issuer(request, public_id)
    if request.method == "GET":
        initial = {f: getattr(issuer, f) for f in ("name", "url", "email", "description")}
        return _form_page(request, IssuerForm(initial=initial), issuer=issuer)
    form = IssuerForm(request.POST)
    if not form.is_valid():
        return _form_page(request, form, issuer=issuer, status=400)
    return run_service(
        request,
        lambda: services.issuer_update(actor=request.user, issuer=issuer, **form.cleaned_data),
        done=_("The issuer’s profile is saved."),
        then=_detail_url(issuer),
        refused=_refused(request, form, issuer),
    )


@login_required
@require_GET
def issuer_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    issuer = _issuer(request, public_id)
    badges = list(
        sel.badge_classes_for_console(user=request.user, issuer=issuer)[: BADGES_SHOWN + 1]
    )
    context = {
        "issuer": issuer,
        "badges": badges[:BADGES_SHOWN],
        "more_badges": len(badges) > BADGES_SHOWN,
        "keys": sel.issuer_key_status(user=request.user, issuer=issuer),
        # An employer's or an association's profile endorses; it awards no badges.
        "awards": issuer.organization.kind not in permissions.ENDORSER_KINDS,
    }
    return render(request, "badges/console/issuer_detail.html", context)


@login_required
@require_POST
def issuer_key_rotate(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    issuer = _issuer(request, public_id)
    return run_service(
        request,
        lambda: services.issuer_key_rotate(actor=request.user, issuer=issuer),
        done=lambda key: (
            _("A new signing key (%(kid)s) is in use; the old one stays published.")
            % {"kid": key.kid}
        ),
        then=_detail_url(issuer),
        refused=lambda error: _back_with(request, error, issuer),
    )


def _back_with(request: HttpRequest, error: ServiceError, issuer: Issuer) -> HttpResponse:
    messages.error(request, error.message)
    return redirect(_detail_url(issuer))
