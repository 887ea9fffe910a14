"""Public pages for frameworks and competencies (badge alignments link here)."""

from __future__ import annotations

import uuid

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from . import selectors


@require_safe
def framework_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    framework = selectors.framework_get(public_id=public_id)
    if framework is None:
        raise Http404
    outline = selectors.framework_outline(framework=framework)
    return render(
        request,
        "competencies/framework_detail.html",
        {"framework": framework, "outline": outline},
    )


@require_safe
def competency_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    competency = selectors.competency_get(public_id=public_id)
    if competency is None:
        raise Http404
    children = selectors.competency_children(competency=competency)
    return render(
        request,
        "competencies/competency_detail.html",
        {"competency": competency, "framework": competency.framework, "children": children},
    )
