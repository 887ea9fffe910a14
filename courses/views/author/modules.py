"""Authoring a module: the list of versions, a new module, a draft's details, the
preview, and the moves between versions (`courses.workflow.MODULE_FLOW`)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.errors import ServiceError
from core.slugs import unique_slug
from core.views import run_service

from ... import permissions, selectors, services
from ...forms import ModuleForm, StepForm
from ...models import GradeBand, Module, Subject
from ...selectors import labels
from ...workflow import EDITABLE, MODULE_FLOW, NEW_VERSION_FROM
from ..links import STATUS_CLASS, edit_url, posted, unless_valid
from . import authored_module, require_author

# The pages that make each move; "Retire" is shown as a warning.
MOVE_PAGES = {"publish": "courses:author-module-publish", "retire": "courses:author-module-retire"}
DANGER = {"retire"}


@login_required
@require_GET
def module_list(request: HttpRequest) -> HttpResponse:
    require_author(request)
    rows = [
        {"module": m, "status_class": STATUS_CLASS.get(m.status, ""), "learners": m.learners}
        for m in selectors.authoring_list(user=request.user)
    ]
    return render(
        request,
        "courses/author_module_list.html",
        {"rows": rows, "can_assign": permissions.can_assign_anywhere(request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def module_create(request: HttpRequest) -> HttpResponse:
    require_author(request)
    districts = permissions.authoring_districts(request.user)
    form = ModuleForm(
        posted(request),
        badges=selectors.badges_for_new_module(user=request.user),
        competencies=selectors.all_competencies(),
        organizations=districts,
    )

    def page(status: int = 200, error: str = "") -> HttpResponse:
        context = {"form": form, "error": error, "no_district": not districts}
        return render(request, "courses/author_module_create.html", context, status=status)

    if (answer := unless_valid(request, form, page)) is not None:
        return answer
    details = form.details()
    return run_service(
        request,
        lambda: services.module_create(
            actor=request.user,
            organization=form.cleaned_data["organization"],
            slug=unique_slug(Module, details["title"], fallback="module", max_length=90),
            **details,
        ),
        done=_("The module was created. Now add its steps."),
        then=lambda module: edit_url(module, "steps"),
        refused=lambda exc: page(400, exc.message),
    )


def _actions(module: Module) -> list[dict[str, Any]]:
    """The buttons of a version: its workflow's moves, and starting a new version."""
    found = []
    if module.status in NEW_VERSION_FROM:
        found.append(
            {
                "url": reverse(
                    "courses:author-module-new-version", kwargs={"public_id": module.public_id}
                ),
                "label": _("Start a new version"),
                "danger": False,
            }
        )
    for move in MODULE_FLOW.available(module.status):
        found.append(
            {
                "url": reverse(MOVE_PAGES[move.name], kwargs={"public_id": module.public_id}),
                "label": str(move.label),
                "danger": move.name in DANGER,
            }
        )
    return found


def _edit_context(module: Module, **given: Any) -> dict[str, Any]:
    editable = module.status in EDITABLE
    form = given.get("form")
    if form is None and editable:
        form = ModuleForm(
            initial=ModuleForm.initial_for(module),
            badges=selectors.badges_for_module(module=module),
            competencies=selectors.all_competencies(),
            module=module,
        )
    steps = list(module.steps.all())
    return {
        "module": module,
        "status_class": STATUS_CLASS.get(module.status, ""),
        "editable": editable,
        "actions": _actions(module),
        "form": form,
        "step_form": given.get("step_form") or StepForm(),
        "steps": [
            {
                "step": s,
                "first": i == 0,
                "last": i == len(steps) - 1,
                "questions": len(s.questions.all()),
            }
            for i, s in enumerate(steps)
        ],
        "competencies": list(module.competencies.all()),
        "grade_bands": labels(module.grade_bands, GradeBand),
        "subjects": labels(module.subjects, Subject),
        "error": given.get("error", ""),
    }


def render_edit(
    request: HttpRequest, public_id: uuid.UUID, *, status: int = 200, **given: Any
) -> HttpResponse:
    """The edit page of a version (reloaded, with its steps), with what was posted."""
    module = authored_module(request, public_id, steps=True)
    context = _edit_context(module, **given)
    return render(request, "courses/author_module_edit.html", context, status=status)


def edit_refusal(
    request: HttpRequest, module: Module, **given: Any
) -> Callable[[ServiceError], HttpResponse]:
    """A service's refusal: the edit page again, with its message (400)."""

    def refused(exc: ServiceError) -> HttpResponse:
        return render_edit(request, module.public_id, status=400, error=exc.message, **given)

    return refused


@login_required
@require_http_methods(["GET", "POST"])
def module_edit(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    if request.method == "GET":
        return render_edit(request, public_id)
    module = authored_module(request, public_id)
    form = ModuleForm(
        request.POST,
        badges=selectors.badges_for_module(module=module),
        competencies=selectors.all_competencies(),
        module=module,
    )
    if not form.is_valid():
        return render_edit(
            request, public_id, status=400, form=form, error=_("Please correct the errors below.")
        )
    return run_service(
        request,
        lambda: services.module_update(actor=request.user, module=module, **form.details()),
        done=_("The module's details were saved."),
        then=edit_url(module),
        refused=edit_refusal(request, module, form=form),
    )


@login_required
@require_POST
def module_publish(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    module = authored_module(request, public_id)
    return run_service(
        request,
        lambda: services.module_publish(actor=request.user, module=module),
        done=_("Version %(v)d is published; learners can find it in the library.")
        % {"v": module.version},
        then=edit_url(module),
        refused=edit_refusal(request, module),
    )


@login_required
@require_POST
def module_new_version(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    module = authored_module(request, public_id)
    return run_service(
        request,
        lambda: services.module_new_version(actor=request.user, module=module),
        done=_(
            "This is a new draft version. Learners keep the version they started; publish "
            "this one when it is ready."
        ),
        then=edit_url,
        refused=edit_refusal(request, module),
    )


@login_required
@require_POST
def module_retire(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    module = authored_module(request, public_id)
    return run_service(
        request,
        lambda: services.module_retire(actor=request.user, module=module),
        done=_(
            "The module is retired: it is gone from the library, and those who started it "
            "can still finish it."
        ),
        then=edit_url(module),
        refused=edit_refusal(request, module),
    )


@login_required
@require_GET
def module_preview(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The module as a learner sees it, every step on one page; nothing is recorded."""
    module = authored_module(request, public_id, steps=True)
    steps = list(module.steps.all())
    return render(
        request,
        "courses/author_module_preview.html",
        {
            "module": module,
            "status_class": STATUS_CLASS.get(module.status, ""),
            "steps": [
                {
                    "step": s,
                    "number": i,
                    "questions": [
                        {"question": q, "choices": list(enumerate(q.choices))}
                        for q in s.questions.all()
                    ],
                }
                for i, s in enumerate(steps, 1)
            ],
            "step_count": len(steps),
            "competencies": list(module.competencies.all()),
            "grade_bands": labels(module.grade_bands, GradeBand),
            "subjects": labels(module.subjects, Subject),
        },
    )
