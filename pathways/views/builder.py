"""The pathway builder: issuer admins make a pathway, add requirements, activate it.

Someone who may not manage a pathway (another district's admin included) gets 404 for
it; input a service refuses shows the page again with its message and status 400.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from badges import hosting
from core.errors import ServiceError
from core.views import run_service

from .. import permissions, services
from .. import selectors as sel
from ..forms import PathwayCreateForm, RequirementAddForm, group_choices
from ..models import Pathway, PathwayRequirement
from ..trees import Node
from ..workflow import PATHWAY_FLOW

Kind = PathwayRequirement.Kind
STATUS_CLASS = {
    Pathway.Status.DRAFT: "status-draft",
    Pathway.Status.ACTIVE: "status-valid",
    Pathway.Status.ARCHIVED: "status-withdrawn",
}


def require_builder(request: HttpRequest) -> None:
    """Only those who manage an issuer build pathways; everyone else gets 404 (the
    menu asks the same)."""
    if not permissions.can_build_pathways(request.user):
        raise Http404


def _pathway(request: HttpRequest, public_id: uuid.UUID) -> Pathway:
    pathway = sel.pathway_for_builder(user=request.user, public_id=public_id)
    if pathway is None:
        raise Http404
    return pathway


def _edit_url(pathway: Pathway, anchor: str = "") -> str:
    url = reverse("pathways:pathway-edit", kwargs={"public_id": pathway.public_id})
    return f"{url}#{anchor}" if anchor else url


@login_required
@require_GET
def pathway_list(request: HttpRequest) -> HttpResponse:
    require_builder(request)
    rows = [
        {"pathway": p, "status_class": STATUS_CLASS[p.status]}
        for p in sel.pathways_managed_by(user=request.user)
    ]
    return render(
        request,
        "pathways/pathway_list.html",
        {"rows": rows, "open_alerts": sel.open_alerts_for(user=request.user).count()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def pathway_create(request: HttpRequest) -> HttpResponse:
    require_builder(request)
    badge_classes = sel.badge_classes_for_builder(user=request.user).filter(pathway__isnull=True)
    form = PathwayCreateForm(
        request.POST if request.method == "POST" else None, badge_classes=badge_classes
    )

    def page(status: int) -> HttpResponse:
        return render(request, "pathways/pathway_create.html", {"form": form}, status=status)

    if request.method != "POST":
        return page(200)
    if not form.is_valid():
        return page(400)
    data = form.cleaned_data

    def refused(exc: ServiceError) -> HttpResponse:
        form.add_error(None, exc.message)
        return page(400)

    return run_service(
        request,
        lambda: services.pathway_create(
            actor=request.user,
            badge_class=data["badge_class"],
            slug=data["slug"],
            name=data["name"],
            description=data["description"],
            root_kind=data["root_kind"],
            root_n=data.get("root_n"),
        ),
        done=_("Pathway created. Now add its requirements."),
        then=_edit_url,
        refused=refused,
    )


def _outline(node: Node, reqs: dict[int, PathwayRequirement]) -> dict[str, Any]:
    """A requirement tree as nested dicts for the builder's outline."""
    return {
        "node": node,
        "public_id": node.public_id,
        "is_root": reqs[node.id].parent_id is None,
        "heading": _group_heading(node),
        "children": [_outline(c, reqs) for c in node.children],
    }


def _group_heading(node: Node) -> str:
    if node.kind == Kind.ALL:
        head = _("All of")
    elif node.kind == Kind.N_OF:
        head = _("%(n)s of %(m)s") % {"n": node.n, "m": len(node.children)}
    else:
        return ""
    return f"{head}: {node.label}" if node.label else head


def _groups(node: Node, reqs, depth: int = 0) -> list[tuple[PathwayRequirement, int, str]]:
    if not node.is_group:
        return []
    found = [(reqs[node.id], depth, _group_heading(node))]
    for child in node.children:
        found += _groups(child, reqs, depth + 1)
    return found


def _tree(pathway: Pathway) -> sel.PathwayTree | None:
    return sel.pathway_trees(statuses=Pathway.Status.values, pathway_ids=[pathway.pk]).get(
        pathway.pk
    )


def _builder_page(
    request: HttpRequest,
    pathway: Pathway,
    *,
    form: RequirementAddForm | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    tree = _tree(pathway)
    root = tree.root if tree is not None else None
    reqs = tree.requirements if tree is not None else {}
    is_draft = pathway.status == Pathway.Status.DRAFT
    if is_draft and form is None and root is not None:
        form = _requirement_form(request, pathway, root, reqs, data=None)
    moves = {m.name for m in PATHWAY_FLOW.available(pathway.status)}
    return render(
        request,
        "pathways/pathway_edit.html",
        {
            "pathway": pathway,
            "status_class": STATUS_CLASS[pathway.status],
            "outline": _outline(root, reqs) if root is not None else None,
            "form": form if is_draft else None,
            "is_draft": is_draft,
            "can_activate": "activate" in moves,
            "can_archive": "archive" in moves,
            "problems": services.pathway_problems(pathway) if "activate" in moves else [],
            "error": error,
            "badge_url": hosting.badge_class_url(pathway.badge_class),
        },
        status=status,
    )


def _requirement_form(request, pathway, root, reqs, *, data) -> RequirementAddForm:
    return RequirementAddForm(
        data,
        groups=group_choices(_groups(root, reqs)),
        badge_classes=sel.badge_classes_for_builder(user=request.user).exclude(
            pk=pathway.badge_class_id
        ),
        nested_pathways=sel.pathways_managed_by(user=request.user)
        .exclude(pk=pathway.pk)
        .exclude(status=Pathway.Status.ARCHIVED),
    )


@login_required
@require_GET
def pathway_edit(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    return _builder_page(request, _pathway(request, public_id))


@login_required
@require_POST
def requirement_add(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    pathway = _pathway(request, public_id)
    tree = _tree(pathway)
    if tree is None or tree.root is None:
        raise Http404
    form = _requirement_form(request, pathway, tree.root, tree.requirements, data=request.POST)
    if not form.is_valid():
        return _builder_page(request, pathway, form=form, status=400)
    data = form.cleaned_data
    parent = next(r for r in tree.requirements.values() if str(r.public_id) == data["parent"])

    def refused(exc: ServiceError) -> HttpResponse:
        form.add_error(None, exc.message)
        return _builder_page(request, pathway, form=form, status=400)

    return run_service(
        request,
        lambda: services.pathway_requirement_add(
            actor=request.user,
            pathway=pathway,
            parent=parent,
            kind=data["kind"],
            n=data.get("n"),
            badge_class=data.get("badge_class"),
            nested_pathway=data.get("nested_pathway"),
            label=data.get("label") or "",
        ),
        done=_("Added."),
        then=_edit_url(pathway, "outline"),
        refused=refused,
    )


def _page_refusal(request: HttpRequest, pathway: Pathway):
    return lambda exc: _builder_page(request, pathway, error=exc.message, status=400)


@login_required
@require_POST
def requirement_remove(
    request: HttpRequest, public_id: uuid.UUID, requirement_id: uuid.UUID
) -> HttpResponse:
    pathway = _pathway(request, public_id)
    requirement = pathway.requirements.filter(public_id=requirement_id).first()
    if requirement is None:
        raise Http404
    requirement.pathway = pathway
    return run_service(
        request,
        lambda: services.pathway_requirement_remove(actor=request.user, requirement=requirement),
        done=_("Removed."),
        then=_edit_url(pathway, "outline"),
        refused=_page_refusal(request, pathway),
    )


def _activation_page(request: HttpRequest, public_id: uuid.UUID, *, error="", status=200):
    preview = sel.activation_preview(
        user=request.user, public_id=public_id, page=request.GET.get("page", 1)
    )
    if preview is None:
        raise Http404
    pathway = preview.pathway
    moves = {m.name for m in PATHWAY_FLOW.available(pathway.status)}
    if "activate" not in moves:
        raise Http404
    return render(
        request,
        "pathways/pathway_activate.html",
        {
            "pathway": pathway,
            "problems": services.pathway_problems(pathway),
            "warnings": preview.warnings,
            "count": preview.count,
            "page": preview.page,
            "people": list(preview.page.object_list),
            "error": error,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def pathway_activate(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """GET: who would be awarded now, and the warnings (nothing written). POST with
    the page's confirmation: activate, which awards them."""
    if request.method != "POST":
        return _activation_page(request, public_id)
    pathway = _pathway(request, public_id)
    if request.POST.get("confirm") != "yes":
        return _activation_page(
            request,
            public_id,
            error=_("Confirm on this page to activate; nothing was awarded."),
            status=400,
        )

    def done(active: Pathway) -> str:
        return ngettext(
            "The pathway is active: %(n)d person was awarded its badge and told. Earners "
            "who complete it later get it too.",
            "The pathway is active: %(n)d people were awarded its badge and told. Earners "
            "who complete it later get it too.",
            active.awarded,
        ) % {"n": active.awarded}

    return run_service(
        request,
        lambda: services.pathway_activate(actor=request.user, pathway=pathway),
        done=done,
        then=_edit_url(pathway),
        refused=lambda exc: _activation_page(request, public_id, error=exc.message, status=400),
    )


@login_required
@require_POST
def pathway_archive(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    pathway = _pathway(request, public_id)
    return run_service(
        request,
        lambda: services.pathway_archive(actor=request.user, pathway=pathway),
        done=_("Archived. Badges already awarded stay valid."),
        then=_edit_url(pathway),
        refused=_page_refusal(request, pathway),
    )
