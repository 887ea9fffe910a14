"""Public pages for frameworks and competencies (badge alignments link here)."""

from __future__ import annotations

import uuid
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from .. import selectors


def _uuid_or_none(value: str | None) -> uuid.UUID | None:
    if not value:
        return None
    try:
        return uuid.UUID(value)
    except ValueError:
        raise Http404 from None


@require_safe
def framework_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The framework, browsed one level at a time (`?within=` a competency) or searched
    (`?q=`), paginated."""
    framework = selectors.framework_get(public_id=public_id)
    if framework is None:
        raise Http404
    browse = selectors.framework_browse(
        framework=framework,
        within=_uuid_or_none(request.GET.get("within")),
        query=request.GET.get("q", ""),
        page=request.GET.get("page"),
    )
    if browse is None:
        raise Http404
    if browse.query:
        keep = urlencode({"q": browse.query}) + "&"
    elif browse.within is not None:
        keep = urlencode({"within": browse.within.public_id}) + "&"
    else:
        keep = ""
    return render(
        request,
        "competencies/framework_detail.html",
        {"framework": framework, "browse": browse, "keep": keep},
    )


@require_safe
def competency_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    competency = selectors.competency_get(public_id=public_id)
    if competency is None:
        raise Http404
    page = selectors.competency_page(competency=competency)
    return render(
        request,
        "competencies/competency_detail.html",
        {
            "competency": competency,
            "framework": competency.framework,
            "children": page.children,
            "more_children": page.more_children,
            "related": page.related,
        },
    )
