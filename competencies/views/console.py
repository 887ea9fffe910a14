"""The console's framework pages, for those who import (competencies.permissions):
the index, the import form, and an import's preview (confirm) or report. Anyone else
gets 404."""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from core.errors import ServiceError
from core.views import run_service

from .. import selectors, services
from ..forms import FrameworkImportForm
from ..models import FrameworkImport
from ..permissions import may_import


def _importer(request: HttpRequest) -> None:
    if not may_import(request.user):
        raise Http404


def _import_url(staged: FrameworkImport) -> str:
    return reverse("competencies:console-import-detail", kwargs={"public_id": staged.public_id})


@login_required
@require_safe
def framework_list(request: HttpRequest) -> HttpResponse:
    _importer(request)
    query = request.GET.get("q", "")
    page = selectors.framework_index(query=query, page=request.GET.get("page"))
    recent = selectors.imports_recent(user=request.user)
    return render(
        request,
        "competencies/console/framework_list.html",
        {"page": page, "query": query.strip(), "recent": recent},
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_create(request: HttpRequest) -> HttpResponse:
    _importer(request)
    posted = request.method == "POST"
    form = FrameworkImportForm(request.POST, request.FILES) if posted else FrameworkImportForm()

    def page(status: int = 200) -> HttpResponse:
        context = {"form": form, "max_mb": f"{services.max_package_bytes() / 2**20:g}"}
        return render(request, "competencies/console/import_create.html", context, status=status)

    if request.method == "GET":
        return page()
    if not form.is_valid():
        return page(400)
    data = form.cleaned_data

    def stage() -> FrameworkImport:
        if data["url"]:
            return services.framework_import_fetch(
                actor=request.user, url=data["url"], strict=data["strict"]
            )
        upload = data["file"]
        return services.framework_import_stage(
            actor=request.user,
            data=upload.read(),
            source_name=upload.name,
            strict=data["strict"],
        )

    def refused(error: ServiceError) -> HttpResponse:
        form.add_error(None, str(error))
        return page(400)

    return run_service(request, stage, done=None, then=_import_url, refused=refused)


@login_required
@require_http_methods(["GET", "POST"])
def import_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Not imported yet: the preview (what confirming would do; nothing written) and the
    button. Imported: its report."""
    staged = selectors.import_get(user=request.user, public_id=public_id)
    if staged is None:
        raise Http404
    context: dict[str, object] = {"staged": staged}
    if request.method == "POST":

        def refused(error: ServiceError) -> HttpResponse:
            context["error"] = str(error)
            return render(request, "competencies/console/import_detail.html", context, status=400)

        return run_service(
            request,
            lambda: services.framework_import_run(actor=request.user, staged=staged),
            done=_("The framework has been imported."),
            then=_import_url(staged),
            refused=refused,
        )
    if staged.imported_at is None:
        try:
            preview = services.framework_import_preview(actor=request.user, staged=staged)
        except ServiceError as error:
            context["error"] = str(error)
        else:
            context["report"] = preview.as_dict()
            context["changes_nothing"] = preview.changes_nothing
            context["sections"] = _sections(context["report"], preview=True)
    else:
        context["stored"] = staged.report
        context["sections"] = _sections(staged.report, preview=False)
    return render(request, "competencies/console/import_detail.html", context)


def _sections(report: dict, *, preview: bool) -> list[tuple[str, list[str]]]:
    """The named lists of a report, each shown collapsed."""
    titles = [
        ("created_names", _("To create") if preview else _("Created")),
        ("updated_names", _("To update") if preview else _("Updated")),
        ("retired", _("To retire") if preview else _("Retired")),
        ("restored", _("To restore") if preview else _("Restored")),
        ("skipped", _("Skipped")),
        ("merged", _("Merged")),
    ]
    return [(title, report.get(key, [])) for key, title in titles]
