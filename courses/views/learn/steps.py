"""A step of the module a learner is taking: reading it, marking it done (with a
reflection), answering a check (retries allowed; the feedback shows after the redirect)."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.errors import ServiceError
from core.views import run_service

from ... import selectors, services
from ...forms import CheckForm, StepDoneForm
from ...models import CheckAttempt, Step
from ...selectors import StepPlace
from ...workflow import STARTABLE
from ..links import module_url, step_url
from .modules import module_page_or_404


def _place(
    request: HttpRequest, public_id: uuid.UUID, step_id: uuid.UUID
) -> StepPlace | HttpResponse:
    """A step of a module the user may see, or 404; not enrolled (or enrolled in another
    version) sends them to the module page."""
    page = module_page_or_404(request, public_id)
    module = page.module
    index = next((i for i, s in enumerate(page.steps) if s.public_id == step_id), None)
    if index is None:
        raise Http404
    if page.enrollment is None:
        if module.status in STARTABLE:
            messages.info(request, _("Start the module to work through its steps."))
        return HttpResponseRedirect(module_url(module))
    if page.other_version is not None:
        return HttpResponseRedirect(module_url(page.other_version))
    return StepPlace(page=page, index=index)


def _check_rows(place: StepPlace, attempt: CheckAttempt | None, data: Any = None) -> list[dict]:
    """The questions as radio groups; with the last attempt's choices and feedback."""
    chosen_by = attempt.answers if attempt else {}
    rows = []
    for n, q in enumerate(place.step.questions.all(), 1):
        name = str(q.public_id)
        if data is not None:
            raw = data.get(name)
            chosen = int(raw) if raw not in (None, "") and str(raw).isdigit() else None
        else:
            chosen = chosen_by.get(name)
        result = None
        if attempt is not None:
            picked = chosen_by.get(name)
            choice = (
                q.choices[picked] if picked is not None and 0 <= picked < len(q.choices) else {}
            )
            result = {
                "correct": bool(choice.get("correct")),
                "feedback": str(choice.get("feedback", "")) if choice else _("No answer chosen."),
            }
        rows.append(
            {
                "number": n,
                "name": name,
                "prompt": q.prompt,
                "choices": [
                    {"value": i, "text": c.get("text", ""), "checked": chosen == i}
                    for i, c in enumerate(q.choices)
                ],
                "result": result,
            }
        )
    return rows


def _render_step(
    request: HttpRequest,
    place: StepPlace,
    *,
    form: StepDoneForm | None = None,
    check_data: Any = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    step, module = place.step, place.module
    progress = place.page.progress.get(step.pk)
    context = {
        "module": module,
        "step": step,
        "number": place.index + 1,
        "total": len(place.steps),
        "done": place.done(step),
        "previous_url": step_url(module, place.previous) if place.previous else "",
        "next_url": step_url(module, place.next) if place.next else "",
        "next_title": place.next.title if place.next else "",
        "module_url": module_url(module),
        "error": error,
    }
    if step.kind == Step.Kind.CHECK:
        # The last attempt, to show its score and per-question feedback after the redirect.
        attempt = selectors.last_attempt(enrollment=place.enrollment, step=step)
        context |= {
            "attempt": attempt,
            "attempts": progress.attempts if progress else 0,
            "best_score": progress.best_score if progress else None,
            "questions": _check_rows(place, attempt, check_data),
        }
    else:
        initial = {"answer": progress.answer} if progress else {}
        context["form"] = form or StepDoneForm(initial=initial)
    return render(request, "courses/step_detail.html", context, status=status)


@login_required
@require_GET
def step_detail(request: HttpRequest, public_id: uuid.UUID, step_id: uuid.UUID) -> HttpResponse:
    place = _place(request, public_id, step_id)
    if isinstance(place, HttpResponse):
        return place
    return _render_step(request, place)


@login_required
@require_POST
def step_complete(request: HttpRequest, public_id: uuid.UUID, step_id: uuid.UUID) -> HttpResponse:
    """ "Mark done and continue" (a reflection is saved with it), then the next step."""
    place = _place(request, public_id, step_id)
    if isinstance(place, HttpResponse):
        return place
    form = StepDoneForm(request.POST)
    if not form.is_valid():
        return _render_step(
            request, place, form=form, error=_("Please correct the errors below."), status=400
        )
    answer = form.cleaned_data["answer"] if place.step.kind == Step.Kind.REFLECT else ""

    def then(_progress: Any) -> str:
        if place.next is not None:
            return step_url(place.module, place.next)
        if all(place.done(s) for s in place.steps if s != place.step):
            messages.success(request, _("Every step is done. Finish the module to record it."))
        return module_url(place.module, "steps")

    def refused(exc: ServiceError) -> HttpResponse:
        return _render_step(request, place, form=form, error=exc.message, status=400)

    return run_service(
        request,
        lambda: services.step_complete(
            learner=request.user, enrollment=place.enrollment, step=place.step, answer=answer
        ),
        done=None,
        then=then,
        refused=refused,
    )


@login_required
@require_POST
def check_submit(request: HttpRequest, public_id: uuid.UUID, step_id: uuid.UUID) -> HttpResponse:
    """Score a check (retries allowed); the page after the redirect shows the feedback."""
    place = _place(request, public_id, step_id)
    if isinstance(place, HttpResponse):
        return place
    if place.step.kind != Step.Kind.CHECK:
        raise Http404
    form = CheckForm(request.POST, questions=list(place.step.questions.all()))
    if not form.is_valid():
        return _render_step(
            request,
            place,
            check_data=request.POST,
            error=_("Choose one of the listed answers for each question."),
            status=400,
        )

    def refused(exc: ServiceError) -> HttpResponse:
        return _render_step(request, place, check_data=request.POST, error=exc.message, status=400)

    return run_service(
        request,
        lambda: services.check_submit(
            learner=request.user,
            enrollment=place.enrollment,
            step=place.step,
            answers=form.answers(),
        ),
        done=None,
        # The score and the per-question feedback are shown from the attempt.
        then=step_url(place.module, place.step, "result"),
        refused=refused,
    )
