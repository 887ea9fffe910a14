"""Goals: written by the coach with a teacher on their caseload; moved along
`GOAL_FLOW`, linked and stepped by the teacher and their current coach."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import User
from badges.models import BadgeClass
from courses.models import Module

from .. import selectors, services
from ..forms import ActionStepForm, GoalForm, GoalLinkForm, GoalStatusForm, StepDoneForm
from ..models import Goal
from ..workflow import GOAL_FLOW
from .base import (
    back_with_error,
    caseload_teacher,
    form_errors,
    form_page,
    goal_page,
    posted,
    run_inline,
)


def goal_rows(
    teacher: User,
    progress: list[selectors.GoalProgress],
    modules: list[Module],
    badges: list[BadgeClass],
) -> list[dict[str, Any]]:
    """Each goal with its progress and, where the user may change it, its status moves
    (`GOAL_FLOW.available`) and forms, prepared so the page renders without queries."""
    rows = []
    for p in progress:
        goal = p.goal
        linked_modules = {m.pk for m in goal.modules.all()}
        linked_badges = {b.pk for b in goal.badge_classes.all()}
        rows.append(
            {
                "goal": goal,
                "p": p,
                "status_label": goal.get_status_display(),
                "steps": list(goal.action_steps.all()),
                "editable": p.editable,
                "moves": GOAL_FLOW.available(goal.status) if p.editable else [],
                "step_form": ActionStepForm(goal=goal, teacher=teacher) if p.editable else None,
                "link_form": GoalLinkForm(
                    modules=[m for m in modules if m.pk not in linked_modules],
                    badge_classes=[b for b in badges if b.pk not in linked_badges],
                    auto_id=f"id_%s_{goal.public_id.hex[:8]}",
                )
                if p.editable
                else None,
            }
        )
    return rows


def _goal(request: HttpRequest, public_id: uuid.UUID) -> Goal:
    """A goal the user may see (their own, or of a teacher on their caseload), or 404."""
    goal = selectors.goal_for(viewer=request.user, public_id=public_id)
    if goal is None:
        raise Http404
    return goal


@login_required
@require_http_methods(["GET", "POST"])
def goal_create(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    teacher = caseload_teacher(request, public_id)
    form = GoalForm(
        posted(request),
        competencies=selectors.educator_competencies(),
        modules=selectors.published_modules(),
        badge_classes=selectors.educator_badges(),
    )
    return form_page(
        request,
        "coaching/goal_create.html",
        {"teacher": teacher, "form": form},
        lambda: services.goal_create(actor=request.user, teacher=teacher, **form.goal()),
        done=_("The goal was added."),
        then=lambda goal: goal_page(request.user, goal),
    )


@login_required
@require_POST
def goal_status(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    goal = _goal(request, public_id)
    form = GoalStatusForm(request.POST)
    back = goal_page(request.user, goal)
    if not form.is_valid():
        return back_with_error(request, back, form_errors(form))
    status = form.cleaned_data["status"]
    return run_inline(
        request,
        lambda: services.goal_set_status(actor=request.user, goal=goal, status=status),
        done=_("The goal is now “%(status)s”.") % {"status": Goal.Status(status).label},
        back=back,
    )


@login_required
@require_POST
def goal_link(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    goal = _goal(request, public_id)
    form = GoalLinkForm(
        request.POST,
        modules=selectors.published_modules(),
        badge_classes=selectors.educator_badges(),
    )
    back = goal_page(request.user, goal)
    if not form.is_valid():
        return back_with_error(request, back, form_errors(form))
    return run_inline(
        request,
        lambda: services.goal_link(
            actor=request.user,
            goal=goal,
            modules=form.cleaned_data["modules"],
            badge_classes=form.cleaned_data["badge_classes"],
        ),
        done=_("Linked to the goal."),
        back=back,
    )


@login_required
@require_POST
def action_step_create(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    goal = _goal(request, public_id)
    form = ActionStepForm(request.POST, goal=goal, teacher=goal.teacher)
    back = goal_page(request.user, goal)
    if not form.is_valid():
        return back_with_error(request, back, form_errors(form))
    return run_inline(
        request,
        lambda: services.action_step_add(actor=request.user, goal=goal, **form.step()),
        done=_("The step was added."),
        back=back,
    )


@login_required
@require_POST
def action_step_done(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    step = selectors.action_step_for(viewer=request.user, public_id=public_id)
    if step is None:
        raise Http404
    form = StepDoneForm(request.POST)
    done = form.is_valid() and form.cleaned_data["done"]
    return run_inline(
        request,
        lambda: services.action_step_set_done(actor=request.user, step=step, done=done),
        done=_("The step is marked done.") if done else _("The step is marked not done."),
        back=goal_page(request.user, step.goal),
    )
