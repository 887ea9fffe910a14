"""Caseloads, for the admins of a school or district: who coaches whom now, the history,
assigning, reassigning and ending. Everyone else gets 404 (the menu asks the same)."""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.models import User
from core.views import run_service

from .. import permissions, selectors, services
from ..forms import AssignmentForm
from .base import run_inline


def _require_caseload_admin(user: User) -> None:
    if not permissions.can_manage_any_caseload(user):
        raise Http404


def _assignment_form(request: HttpRequest, data=None) -> AssignmentForm:
    choices = selectors.caseload_choices(admin=request.user)
    initial = {k: request.GET.get(k, "") for k in ("teacher", "school", "coach")}
    return AssignmentForm(
        data,
        initial=initial,
        teachers=choices.teachers,
        schools=choices.schools,
        coaches=choices.coaches,
    )


def _render_assignments(
    request: HttpRequest, form: AssignmentForm, error: str = ""
) -> HttpResponse:
    overview = selectors.caseload_overview(admin=request.user, page=request.GET.get("page"))
    return render(
        request,
        "coaching/assignment_list.html",
        {
            "current": overview.current,
            "ended": overview.ended.object_list,
            "page": overview.ended,
            "form": form,
            "error": error,
        },
        status=400 if error else 200,
    )


@login_required
@require_GET
def assignment_list(request: HttpRequest) -> HttpResponse:
    """Current caseloads and their history at the admin's schools; assign or reassign."""
    _require_caseload_admin(request.user)
    return _render_assignments(request, _assignment_form(request))


@login_required
@require_POST
def assignment_create(request: HttpRequest) -> HttpResponse:
    """Assign a teacher to a coach; a teacher who has a coach is reassigned (history kept)."""
    _require_caseload_admin(request.user)
    form = _assignment_form(request, request.POST)
    if not form.is_valid():
        return _render_assignments(request, form, _("Please correct the errors below."))
    data = form.cleaned_data
    return run_service(
        request,
        lambda: services.assignment_create(
            actor=request.user,
            coach=data["coach"],
            teacher=data["teacher"],
            school=data["school"],
            starts_on=data["starts_on"],
        ),
        done=_("%(teacher)s is on %(coach)s's caseload.")
        % {"teacher": data["teacher"].get_full_name(), "coach": data["coach"].get_full_name()},
        then=reverse("coaching:assignment-list"),
        refused=lambda exc: _render_assignments(request, form, exc.message),
    )


@login_required
@require_POST
def assignment_end(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    assignment = selectors.manageable_assignment(admin=request.user, public_id=public_id)
    if assignment is None:
        raise Http404
    return run_inline(
        request,
        lambda: services.assignment_end(actor=request.user, assignment=assignment),
        done=_("%(teacher)s is no longer on %(coach)s's caseload.")
        % {
            "teacher": assignment.teacher.get_full_name(),
            "coach": assignment.coach.get_full_name(),
        },
        back=reverse("coaching:assignment-list"),
    )
