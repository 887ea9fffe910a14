"""The module library (search and filters, the learner's status, what is assigned to
them) and My learning."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.pagination import keyset_page

from ... import selectors
from ...forms import competency_choices
from ...models import Module
from ..links import module_url, step_url

PER_PAGE = 20
LEARNING_PER_PAGE = 20
LEARNING_ORDER = ("-last_active_at", "-pk")  # last active first; index enrollment_active_idx


@login_required
@require_GET
def library(request: HttpRequest) -> HttpResponse:
    user = request.user
    offered = selectors.competencies_in_use(modules__status=Module.Status.PUBLISHED)
    search = selectors.library_search(
        user=user,
        data=request.GET or None,
        competencies=competency_choices(offered, blank=_("Any competency")),
    )
    page = Paginator(search.modules, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "courses/module_list.html",
        {
            "form": search.filterset.form,
            "filtered": search.filtered,
            "page": page,
            "rows": selectors.library_rows(user=user, modules=list(page.object_list)),
            "assigned": selectors.assigned_modules(user=user),
        },
    )


@login_required
@require_GET
def my_learning(request: HttpRequest) -> HttpResponse:
    """In progress and finished, each in its own keyset pages (its own cursor, the other
    list's kept), and what is assigned."""
    enrollments = selectors.my_learning(user=request.user)
    in_progress = keyset_page(
        enrollments.filter(completed_at__isnull=True),
        data=request.GET,
        ordering=LEARNING_ORDER,
        per_page=LEARNING_PER_PAGE,
        param="cursor",
    )
    finished = keyset_page(
        enrollments.filter(completed_at__isnull=False),
        data=request.GET,
        ordering=LEARNING_ORDER,
        per_page=LEARNING_PER_PAGE,
        param="finished",
    )
    assigned = selectors.assigned_modules(user=request.user)
    return render(
        request,
        "courses/enrollment_mine.html",
        {
            "in_progress": [
                {
                    "enrollment": e,
                    "module": e.module,
                    "url": module_url(e.module),
                    "resume_url": (
                        step_url(e.module, e.last_step) if e.last_step_id else module_url(e.module)
                    ),
                }
                for e in in_progress.rows
            ],
            "in_progress_page": in_progress,
            "finished": [
                {
                    "enrollment": e,
                    "module": e.module,
                    "url": module_url(e.module),
                    "apply_url": module_url(e.module, "next") if e.module.leads_to_id else "",
                }
                for e in finished.rows
            ],
            "finished_page": finished,
            "assigned": [r for r in assigned if r.status != selectors.FINISHED],
        },
    )
