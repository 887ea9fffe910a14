"""Rubrics in the console: the list (scoped by the access policy), making one with its
criteria (each with levels 1–4), and changing one."""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from core.errors import ServiceError
from core.views import run_service

from ... import permissions, services
from ...forms.console import RubricForm, criteria_formset, criteria_of
from ...selectors import policies as sel

PAGE_SIZE = 25


def _require(request: HttpRequest) -> None:
    if not permissions.can_keep_rubrics(request.user):
        raise Http404


@login_required
@require_GET
def rubric_list(request: HttpRequest) -> HttpResponse:
    _require(request)
    page = Paginator(sel.rubrics_for(user=request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "evidence/console/rubric_list.html",
        {"page": page, "rubrics": list(page.object_list)},
    )


def _page(request, form, formset, *, rubric=None, status: int = 200) -> HttpResponse:
    return render(
        request,
        "evidence/console/rubric_form.html",
        {"form": form, "formset": formset, "rubric": rubric},
        status=status,
    )


def _saved(rubric) -> str:
    return reverse("evidence_console:rubric-list")


def _save(request, form, formset, call, *, rubric=None, done: str) -> HttpResponse:
    if not (form.is_valid() and formset.is_valid()):
        return _page(request, form, formset, rubric=rubric, status=400)

    def refused(exc: ServiceError) -> HttpResponse:
        form.add_error(None, exc.message)
        return _page(request, form, formset, rubric=rubric, status=400)

    return run_service(
        request,
        lambda: call(form.cleaned_data, criteria_of(formset)),
        done=done,
        then=_saved,
        refused=refused,
    )


@login_required
@require_http_methods(["GET", "POST"])
def rubric_create(request: HttpRequest) -> HttpResponse:
    _require(request)
    organizations = sel.rubric_organizations_for(user=request.user)
    if request.method != "POST":
        form = RubricForm(organizations=organizations)
        return _page(request, form, criteria_formset())
    form = RubricForm(request.POST, organizations=organizations)
    return _save(
        request,
        form,
        criteria_formset(request.POST),
        lambda d, criteria: services.rubric_create(
            actor=request.user,
            organization=d["organization"],
            name=d["name"],
            description=d["description"],
            criteria=criteria,
        ),
        done=_("Rubric saved."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def rubric_edit(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    rubric = sel.rubric_for(user=request.user, public_id=public_id)
    if rubric is None:
        raise Http404
    if request.method != "POST":
        form = RubricForm(initial={"name": rubric.name, "description": rubric.description})
        formset = criteria_formset(criteria=sel.rubric_criteria(rubric=rubric))
        return _page(request, form, formset, rubric=rubric)
    return _save(
        request,
        RubricForm(request.POST),
        criteria_formset(request.POST),
        lambda d, criteria: services.rubric_update(
            actor=request.user,
            rubric=rubric,
            name=d["name"],
            description=d["description"],
            criteria=criteria,
        ),
        rubric=rubric,
        done=_("Rubric saved."),
    )
