"""In-app notices: the list (with the person's choice of e-mail: straight away or a
daily digest), and opening one (which marks it read)."""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core import notices
from core.errors import ServiceError
from core.views import run_service

from .. import selectors, services
from ..forms import NoticeEmailForm

SHOWN = 100


def _page(request: HttpRequest, form: NoticeEmailForm | None = None, status: int = 200):
    notes = list(selectors.notifications_for(user=request.user)[:SHOWN])
    form = form or NoticeEmailForm(initial={"email": notices.email_choice_of(request.user)})
    return render(
        request,
        "evidence/notification_list.html",
        {"notifications": notes, "email_form": form},
        status=status,
    )


@login_required
@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    return _page(request)


@login_required
@require_POST
def notification_email(request: HttpRequest) -> HttpResponse:
    form = NoticeEmailForm(request.POST)
    if not form.is_valid():
        return _page(request, form, status=400)
    choice = form.cleaned_data["email"]

    def refused(exc: ServiceError) -> HttpResponse:
        form.add_error(None, exc.message)
        return _page(request, form, status=400)

    return run_service(
        request,
        lambda: notices.notice_preference_set(actor=request.user, email=choice),
        done=_("Saved: you get one e-mail per notice.")
        if choice == notices.Email.IMMEDIATE
        else _("Saved: your notices come in one e-mail a day."),
        then=reverse("evidence:notification-list"),
        refused=refused,
    )


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
