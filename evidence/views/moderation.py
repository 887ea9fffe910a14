"""Moderation: a committee member confirms or flags a sampled approval; an admin
resolves a flagged one."""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.errors import ServiceError
from core.views import run_service

from .. import selectors, services
from ..forms import ModerationDecideForm, ModerationResolveForm


def _render_moderation(
    request: HttpRequest, *, failed: uuid.UUID | None = None, form=None, error: str = ""
) -> HttpResponse:
    user = request.user

    def form_for(case, form_class):
        auto_id = f"id_%s_{case.public_id}"
        if failed == case.public_id and form is not None:
            return form_class(form.data, auto_id=auto_id)
        return form_class(auto_id=auto_id)

    pending = [
        {
            "case": case,
            "submission": case.submission,
            "earner": case.submission.earner.get_full_name(),
            "badge": case.submission.badge_class.name,
            "committee": case.committee.name,
            "form": form_for(case, ModerationDecideForm),
        }
        for case in selectors.moderation_queue(user=user)
    ]
    flagged = [
        {
            "case": case,
            "submission": case.submission,
            "earner": case.submission.earner.get_full_name(),
            "badge": case.submission.badge_class.name,
            "form": form_for(case, ModerationResolveForm),
        }
        for case in selectors.moderation_flagged_for_admin(user=user)
    ]
    return render(
        request,
        "evidence/moderation_queue.html",
        {"pending": pending, "flagged": flagged, "error": error, "failed": failed},
        status=400 if error else 200,
    )


@login_required
@require_GET
def moderation_queue(request: HttpRequest) -> HttpResponse:
    return _render_moderation(request)


def _moderate(request, case, form, call, done: str) -> HttpResponse:
    if not form.is_valid():
        return _render_moderation(
            request,
            failed=case.public_id,
            form=form,
            error=_("Please correct the errors below."),
        )

    def refused(exc: ServiceError) -> HttpResponse:
        return _render_moderation(request, failed=case.public_id, form=form, error=exc.message)

    return run_service(
        request,
        lambda: call(form.cleaned_data),
        done=done,
        then=reverse("evidence:moderation-queue"),
        refused=refused,
    )


@login_required
@require_POST
def moderation_decide(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    case = selectors.moderation_queue(user=request.user).filter(public_id=public_id).first()
    if case is None:
        raise Http404
    form = ModerationDecideForm(request.POST)
    return _moderate(
        request,
        case,
        form,
        lambda data: services.moderation_decide(
            actor=request.user,
            case=case,
            confirm=data["decision"] == "confirm",
            reason=data["reason"],
        ),
        done=_("Thank you: your moderation decision was recorded."),
    )


@login_required
@require_POST
def moderation_resolve(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    case = (
        selectors.moderation_flagged_for_admin(user=request.user)
        .filter(public_id=public_id)
        .first()
    )
    if case is None:
        raise Http404
    form = ModerationResolveForm(request.POST)
    return _moderate(
        request,
        case,
        form,
        lambda data: services.moderation_resolve(
            actor=request.user,
            case=case,
            revoke=data["decision"] == "revoke",
            reason=data["reason"],
        ),
        done=_("The flagged approval was resolved."),
    )
