"""In-app notices: the list, and opening one (which marks it read)."""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from .. import selectors, services


@login_required
@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    notes = list(selectors.notifications_for(user=request.user)[:100])
    return render(request, "evidence/notification_list.html", {"notifications": notes})


@login_required
@require_POST
def notification_read(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    note = selectors.notifications_for(user=request.user).filter(public_id=public_id).first()
    if note is None:
        raise Http404
    services.notification_mark_read(actor=request.user, notification=note)
    safe = url_has_allowed_host_and_scheme(
        note.link, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return HttpResponseRedirect(
        note.link if note.link and safe else reverse("evidence:notification-list")
    )
