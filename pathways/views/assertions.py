"""Revoking a badge from its hosted page: through the one revoke door."""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from badges import permissions as badge_permissions
from badges import selectors as badge_selectors
from badges.forms import RevokeForm
from badges.views import assertion_page
from core.errors import ServiceError
from core.views import run_service

from .. import services


@login_required
@require_POST
def assertion_revoke(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    assertion = badge_selectors.assertion_for_hosting(public_id=public_id)
    if assertion is None or not badge_permissions.can_revoke(request.user, assertion):
        raise Http404
    form = RevokeForm(request.POST)
    if not form.is_valid():
        return assertion_page(request, assertion, revoke_form=form, status=400)

    def refused(exc: ServiceError) -> HttpResponse:
        form.add_error(None, exc.message)
        return assertion_page(request, assertion, revoke_form=form, status=400)

    return run_service(
        request,
        lambda: services.assertion_revoke(
            actor=request.user, assertion=assertion, reason=form.cleaned_data["reason"]
        ),
        done=_("The badge was revoked. Verifiers now see the reason."),
        then=reverse("ob2:assertion", kwargs={"public_id": public_id}),
        refused=refused,
    )
