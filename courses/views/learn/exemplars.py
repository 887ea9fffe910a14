"""The exemplar library, an exemplar, and its files."""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ... import selectors
from ...forms import competency_choices
from ...models import Exemplar
from .library import PER_PAGE


@login_required
@require_GET
def exemplar_list(request: HttpRequest) -> HttpResponse:
    offered = selectors.competencies_in_use(exemplars__status=Exemplar.Status.PUBLISHED)
    search = selectors.exemplar_library(
        user=request.user,
        data=request.GET or None,
        standards=competency_choices(offered, blank=_("Any standard")),
    )
    page = Paginator(search.exemplars, PER_PAGE).get_page(request.GET.get("page"))
    rows = [
        {
            "exemplar": e,
            "url": reverse("courses:exemplar-detail", kwargs={"slug": e.slug}),
            "standards": list(e.standards.all()),
        }
        for e in page.object_list
    ]
    return render(
        request,
        "courses/exemplar_list.html",
        {"form": search.filterset.form, "page": page, "rows": rows},
    )


@login_required
@require_GET
def exemplar_detail(request: HttpRequest, slug: str) -> HttpResponse:
    page = selectors.exemplar_page(user=request.user, slug=slug)
    if page is None:
        raise Http404
    return render(
        request,
        "courses/exemplar_detail.html",
        {
            "exemplar": page.exemplar,
            "standards": page.standards,
            "artifact_groups": page.artifact_groups,
            "published": page.published,
        },
    )


@login_required
@require_GET
def exemplar_file(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """An exemplar's file, as a download, for whoever may see the exemplar; else 404."""
    artifact = selectors.exemplar_file(user=request.user, public_id=public_id)
    if artifact is None:
        raise Http404
    try:
        handle = artifact.file.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404 from exc
    ext = artifact.file.name.rsplit(".", 1)[-1] if "." in artifact.file.name else "bin"
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"{slugify(artifact.title) or 'exemplar'}.{ext}",
        content_type=artifact.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'"
    response["Cache-Control"] = "private, no-store"
    return response
