"""Assignments and cohorts (district admins): the list, assigning a module, the report of
who has started and finished, a new cohort."""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.models import Organization
from core.views import run_service

from ... import permissions, selectors, services
from ...forms import AssignmentForm, CohortForm
from ..links import posted, unless_valid


def _assigning_districts(request: HttpRequest) -> list[Organization]:
    """The districts the user assigns modules in; 404 for everyone else (the menu and the
    authoring page ask the same)."""
    found = permissions.assigning_districts(request.user)
    if not found:
        raise Http404
    return found


@login_required
@require_GET
def assignment_list(request: HttpRequest) -> HttpResponse:
    _assigning_districts(request)
    assignments = [
        {"assignment": a, "overdue": selectors.is_past_due(a.due_on)}
        for a in selectors.assignments_reported(user=request.user)
    ]
    return render(request, "courses/assignment_list.html", {"assignments": assignments})


@login_required
@require_http_methods(["GET", "POST"])
def assignment_create(request: HttpRequest) -> HttpResponse:
    districts = _assigning_districts(request)
    modules = selectors.assignable_modules(user=request.user, districts=districts)
    initial = {"target": request.GET.get("target", ""), "module": request.GET.get("module", "")}
    form = AssignmentForm(
        posted(request),
        initial=initial,
        modules=modules,
        targets=selectors.assignment_targets(user=request.user),
    )

    def page(status: int = 200, error: str = "") -> HttpResponse:
        context = {"form": form, "error": error, "has_modules": bool(modules)}
        return render(request, "courses/assignment_create.html", context, status=status)

    if (answer := unless_valid(request, form, page)) is not None:
        return answer
    return run_service(
        request,
        lambda: services.assignment_create(actor=request.user, **form.assignment()),
        done=_("The module was assigned."),
        then=lambda assignment: reverse(
            "courses:assignment-detail", kwargs={"public_id": assignment.public_id}
        ),
        refused=lambda exc: page(400, exc.message),
    )


@login_required
@require_GET
def assignment_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Who has started and who has finished: a fixed number of queries for any group."""
    _assigning_districts(request)
    assignment = selectors.assignment_for_report(user=request.user, public_id=public_id)
    if assignment is None:
        raise Http404
    report = selectors.assignment_report(assignment=assignment)
    return render(
        request,
        "courses/assignment_detail.html",
        {"report": report, "assignment": assignment, "module": assignment.module},
    )


@login_required
@require_http_methods(["GET", "POST"])
def cohort_create(request: HttpRequest) -> HttpResponse:
    districts = _assigning_districts(request)
    form = CohortForm(
        posted(request),
        districts=districts,
        candidates=selectors.cohort_candidates(districts=districts),
    )

    def page(status: int = 200, error: str = "") -> HttpResponse:
        context = {"form": form, "error": error}
        return render(request, "courses/cohort_create.html", context, status=status)

    if (answer := unless_valid(request, form, page)) is not None:
        return answer
    return run_service(
        request,
        lambda: services.cohort_create(
            actor=request.user,
            organization=form.cleaned_data["organization"],
            name=form.cleaned_data["name"],
            members=form.cleaned_data["members"],
        ),
        done=lambda cohort: (
            _("The cohort “%(name)s” was created. Assign it a module.") % {"name": cohort.name}
        ),
        then=lambda cohort: (
            f"{reverse('courses:assignment-create')}?target=cohort:{cohort.public_id}"
        ),
        refused=lambda exc: page(400, exc.message),
    )
