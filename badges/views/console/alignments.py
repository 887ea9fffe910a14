"""What a badge aligns to and is taught in, in the console.

- Alignments: choose a framework, search its competencies (at most
  `selectors.console.SEARCH_LIMIT` shown; htmx swaps the results in as one types,
  and the same GET form works without script), tick the ones to add or remove.
- Curriculum: the sections (searched the same way), course codes and subjects the
  badge is taught in, through `badge_class_set_curriculum`.
"""

from __future__ import annotations

import uuid
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.errors import ServiceError
from core.views import run_service

from ... import services
from ...forms.badge_classes import AlignmentChangeForm, AlignmentSearchForm, CurriculumForm
from ...models import CurriculumLink
from ...selectors import console as sel
from . import is_htmx
from .badge_classes import badge_class_or_404, detail_url


@login_required
@require_http_methods(["GET", "POST"])
def badgeclass_alignments(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    badge = badge_class_or_404(request, public_id)
    frameworks = sel.frameworks_for_alignment()
    params = request.POST if request.method == "POST" else request.GET
    search = AlignmentSearchForm(params, frameworks=frameworks)
    chosen = search.cleaned_data if search.is_valid() else {}
    framework, query = chosen.get("framework"), (chosen.get("q") or "").strip()
    if framework is None and len(frameworks) == 1:
        framework = frameworks[0]
    found, more = (
        sel.competencies_matching(framework=framework, query=query) if framework else ([], False)
    )
    aligned = sel.alignments_of(badge_class=badge)
    aligned_ids = {c.pk for c in aligned}
    offered = [c for c in found if c.pk not in aligned_ids]
    form = AlignmentChangeForm(
        request.POST if request.method == "POST" else None, offered=offered, aligned=aligned
    )
    here = reverse("badges:console-badgeclass-alignments", kwargs={"public_id": badge.public_id})

    def page(status: int = 200) -> HttpResponse:
        context = {
            "badge": badge,
            "search": search,
            "framework": framework,
            "query": query,
            "found": found,
            "offered": offered,
            "more": more,
            "aligned": aligned,
            "aligned_ids": aligned_ids,
            "form": form,
            "here": here,
        }
        template = (
            "badges/console/_competency_results.html"
            if is_htmx(request) and request.method == "GET"
            else "badges/console/badgeclass_alignments.html"
        )
        return render(request, template, context, status=status)

    if request.method == "GET":
        return page()
    if not form.is_valid():
        return page(400)

    def refused(error: ServiceError) -> HttpResponse:
        form.add_error(None, error.message)
        return page(400)

    back = here
    if framework is not None:
        back += "?" + urlencode({"framework": framework.public_id, "q": query})
    return run_service(
        request,
        lambda: services.badge_class_set_alignments(
            actor=request.user,
            badge_class=badge,
            add=form.cleaned_data["add"],
            remove=form.cleaned_data["remove"],
        ),
        done=lambda rows: _("The alignments are saved: %(n)s competencies.") % {"n": len(rows)},
        then=back,
        refused=refused,
    )


@login_required
@require_http_methods(["GET", "POST"])
def badgeclass_curriculum(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    badge = badge_class_or_404(request, public_id)
    links = sel.curriculum_of(badge_class=badge)
    linked = [link.section for link in links if link.kind == CurriculumLink.Kind.SECTION]
    query = (request.GET.get("q") or "").strip()[:100]
    found, more = sel.sections_for_badge(badge_class=badge, query=query)
    linked_ids = {s.pk for s in linked}
    sections = [*linked, *(s for s in found if s.pk not in linked_ids)]
    initial = {
        "sections": [str(s.public_id) for s in linked],
        "course_codes": "\n".join(x.value for x in links if x.kind == CurriculumLink.Kind.COURSE),
        "subjects": "\n".join(x.value for x in links if x.kind == CurriculumLink.Kind.SUBJECT),
    }
    form = CurriculumForm(
        request.POST if request.method == "POST" else None, initial=initial, sections=sections
    )

    def page(status: int = 200) -> HttpResponse:
        context = {"badge": badge, "form": form, "query": query, "more": more, "links": links}
        return render(request, "badges/console/badgeclass_curriculum.html", context, status=status)

    if request.method == "GET":
        return page()
    if not form.is_valid():
        return page(400)

    def refused(error: ServiceError) -> HttpResponse:
        form.add_error(None, error.message)
        return page(400)

    data = form.cleaned_data
    return run_service(
        request,
        lambda: services.badge_class_set_curriculum(
            actor=request.user,
            badge_class=badge,
            sections=data["sections"],
            course_codes=data["course_codes"],
            subjects=data["subjects"],
        ),
        done=_("What the badge is taught in is saved."),
        then=detail_url(badge),
        refused=refused,
    )
