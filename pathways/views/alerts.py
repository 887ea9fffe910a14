"""Alerts: a constituent of a held pathway badge was revoked; an admin decides."""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from badges import hosting
from core.errors import ServiceError
from core.views import run_service

from .. import selectors as sel
from .. import services
from ..forms import AlertResolveForm
from ..models import PathwayAlert
from .builder import require_builder


def _alerts_page(request: HttpRequest, *, forms=None, status: int = 200) -> HttpResponse:
    forms = forms or {}
    rows = [
        {
            "alert": a,
            "form": forms.get(a.public_id) or AlertResolveForm(prefix=str(a.public_id)),
            "revoked_url": hosting.assertion_url(a.revoked_assertion),
            "pathway_assertion_url": hosting.assertion_url(a.pathway_assertion),
        }
        for a in sel.open_alerts_for(user=request.user)
    ]
    return render(request, "pathways/alert_list.html", {"rows": rows}, status=status)


@login_required
@require_GET
def alert_list(request: HttpRequest) -> HttpResponse:
    require_builder(request)
    return _alerts_page(request)


@login_required
@require_POST
def alert_resolve(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    alert = sel.alert_for_admin(user=request.user, public_id=public_id)
    if alert is None:
        raise Http404
    form = AlertResolveForm(request.POST, prefix=str(alert.public_id))
    if not form.is_valid():
        return _alerts_page(request, forms={alert.public_id: form}, status=400)
    resolution = form.cleaned_data["resolution"]

    def refused(exc: ServiceError) -> HttpResponse:
        form.add_error(None, exc.message)
        return _alerts_page(request, forms={alert.public_id: form}, status=400)

    return run_service(
        request,
        lambda: services.pathway_alert_resolve(
            actor=request.user,
            alert=alert,
            resolution=resolution,
            reason=form.cleaned_data.get("reason") or "",
        ),
        done=_("The pathway badge was revoked.")
        if resolution == PathwayAlert.Resolution.REVOKE
        else _("The pathway badge was kept."),
        then=reverse("pathways:alert-list"),
        refused=refused,
    )
