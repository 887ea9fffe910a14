"""A draft's steps: add one (a check with its questions), remove one, move one."""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.views import run_service

from ... import services
from ...forms import StepForm, StepMoveForm
from ...models import Module, Step
from ..links import edit_url
from . import authored_module
from .modules import edit_refusal, render_edit


def _step(module: Module, step_id: uuid.UUID) -> Step:
    step = module.steps.filter(public_id=step_id).first()
    if step is None:
        raise Http404
    step.module = module
    return step


@login_required
@require_POST
def step_add(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    module = authored_module(request, public_id)
    form = StepForm(request.POST)
    if not form.is_valid():
        return render_edit(
            request,
            public_id,
            status=400,
            step_form=form,
            error=_("The step was not added: please correct the errors below."),
        )
    return run_service(
        request,
        lambda: services.step_add(actor=request.user, module=module, **form.step()),
        done=_("The step was added."),
        then=edit_url(module, "steps"),
        refused=edit_refusal(request, module, step_form=form),
    )


@login_required
@require_POST
def step_remove(request: HttpRequest, public_id: uuid.UUID, step_id: uuid.UUID) -> HttpResponse:
    module = authored_module(request, public_id)
    step = _step(module, step_id)
    return run_service(
        request,
        lambda: services.step_remove(actor=request.user, step=step),
        done=_("“%(title)s” was removed.") % {"title": step.title},
        then=edit_url(module, "steps"),
        refused=edit_refusal(request, module),
    )


@login_required
@require_POST
def step_move(request: HttpRequest, public_id: uuid.UUID, step_id: uuid.UUID) -> HttpResponse:
    module = authored_module(request, public_id)
    step = _step(module, step_id)
    form = StepMoveForm(request.POST)
    if not form.is_valid():
        return render_edit(request, public_id, status=400, error=_("Move the step up or down."))
    return run_service(
        request,
        lambda: services.step_move(
            actor=request.user, step=step, up=form.cleaned_data["direction"] == "up"
        ),
        done=_("“%(title)s” was moved.") % {"title": step.title},
        then=edit_url(module, "steps"),
        refused=edit_refusal(request, module),
    )
