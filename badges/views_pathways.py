"""Pathway pages (earner progress, the admins' builder and alerts), credit agreements,
endorsements, and the hosted Open Badges 2.0 Endorsement.

Thin: parse, reach objects through the scoped selectors, call one service, respond.
Someone who may not manage a pathway (another district's admin included) gets 404 for
it; input a service refuses re-renders the page with its message and status 400.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import hosted, pathways
from . import selectors_pathways as sel
from . import services_pathways as services
from .forms_pathways import (
    AlertResolveForm,
    CreditAgreementForm,
    EndorsementForm,
    PathwayCreateForm,
    RequirementAddForm,
    group_choices,
)
from .models import BadgeClass, Pathway, PathwayRequirement
from .views import _jsonld, _wants_html

Kind = PathwayRequirement.Kind
STATUS_CLASS = {
    Pathway.Status.DRAFT: "status-draft",
    Pathway.Status.ACTIVE: "status-valid",
    Pathway.Status.ARCHIVED: "status-withdrawn",
}


# The earner's progress --------------------------------------------------------------


@login_required
@require_GET
def pathway_mine(request: HttpRequest) -> HttpResponse:
    """Every pathway I have started: how far I am, what is next, the outline ticked."""
    rows = [
        {
            "pathway": row.pathway,
            "progress": row.progress,
            "complete": row.complete,
            "next": [n.label for n in row.next_steps],
            "badge_url": hosted.badge_class_url(row.pathway.badge_class),
            "image_url": hosted.badge_image_url(row.pathway.badge_class),
        }
        for row in sel.pathway_progress_for(request.user)
    ]
    return render(request, "pathways/pathway_mine.html", {"rows": rows})


# The builder ---------------------------------------------------------------------------


def _require_builder(request: HttpRequest) -> None:
    """Only district admins build pathways; everyone else gets 404."""
    if not sel.issuers_managed_by(request.user).exists():
        raise Http404


def _pathway(request: HttpRequest, public_id: uuid.UUID) -> Pathway:
    pathway = sel.pathway_for_builder(request.user, public_id)
    if pathway is None:
        raise Http404
    return pathway


def _edit_url(pathway: Pathway) -> str:
    return reverse("pathways:pathway-edit", kwargs={"public_id": pathway.public_id})


@login_required
@require_GET
def pathway_list(request: HttpRequest) -> HttpResponse:
    _require_builder(request)
    rows = [
        {"pathway": p, "status_class": STATUS_CLASS[p.status]}
        for p in sel.pathways_managed_by(request.user)
    ]
    return render(
        request,
        "pathways/pathway_list.html",
        {"rows": rows, "open_alerts": sel.open_alerts_for(request.user).count()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def pathway_create(request: HttpRequest) -> HttpResponse:
    _require_builder(request)
    badge_classes = sel.badge_classes_for_builder(request.user).filter(pathway__isnull=True)
    form = PathwayCreateForm(
        request.POST if request.method == "POST" else None, badge_classes=badge_classes
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                pathway = services.pathway_create(
                    actor=request.user,
                    badge_class=data["badge_class"],
                    slug=data["slug"],
                    name=data["name"],
                    description=data["description"],
                    root_kind=data["root_kind"],
                    root_n=data.get("root_n"),
                )
            except PermissionDenied as exc:
                raise Http404 from exc
            except services.BadgeError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Pathway created. Now add its requirements."))
                return HttpResponseRedirect(_edit_url(pathway))
    return render(request, "pathways/pathway_create.html", {"form": form}, status=status)


def _outline(node: pathways.Node, reqs: dict[int, PathwayRequirement]) -> dict[str, Any]:
    """A requirement tree as nested dicts for the builder's outline."""
    return {
        "node": node,
        "public_id": node.public_id,
        "is_root": reqs[node.id].parent_id is None,
        "heading": _group_heading(node),
        "children": [_outline(c, reqs) for c in node.children],
    }


def _group_heading(node: pathways.Node) -> str:
    if node.kind == Kind.ALL:
        head = _("All of")
    elif node.kind == Kind.N_OF:
        head = _("%(n)s of %(m)s") % {"n": node.n, "m": len(node.children)}
    else:
        return ""
    return f"{head}: {node.label}" if node.label else head


def _groups(node: pathways.Node, reqs, depth: int = 0) -> list[tuple[PathwayRequirement, int, str]]:
    if not node.is_group:
        return []
    found = [(reqs[node.id], depth, _group_heading(node))]
    for child in node.children:
        found += _groups(child, reqs, depth + 1)
    return found


def _builder_page(
    request: HttpRequest,
    pathway: Pathway,
    *,
    form: RequirementAddForm | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    tree = sel.pathway_trees(statuses=Pathway.Status.values, pathway_ids=[pathway.pk]).get(
        pathway.pk
    )
    root = tree.root if tree is not None else None
    reqs = tree.requirements if tree is not None else {}
    is_draft = pathway.status == Pathway.Status.DRAFT
    if is_draft and form is None and root is not None:
        form = _requirement_form(request, pathway, root, reqs, data=None)
    return render(
        request,
        "pathways/pathway_edit.html",
        {
            "pathway": pathway,
            "status_class": STATUS_CLASS[pathway.status],
            "outline": _outline(root, reqs) if root is not None else None,
            "form": form if is_draft else None,
            "is_draft": is_draft,
            "problems": services.pathway_problems(pathway) if is_draft else [],
            "error": error,
            "badge_url": hosted.badge_class_url(pathway.badge_class),
        },
        status=status,
    )


def _requirement_form(request, pathway, root, reqs, *, data) -> RequirementAddForm:
    return RequirementAddForm(
        data,
        groups=group_choices(_groups(root, reqs)),
        badge_classes=sel.badge_classes_for_builder(request.user).exclude(
            pk=pathway.badge_class_id
        ),
        nested_pathways=sel.pathways_managed_by(request.user)
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
    tree = sel.pathway_trees(statuses=Pathway.Status.values, pathway_ids=[pathway.pk]).get(
        pathway.pk
    )
    if tree is None or tree.root is None:
        raise Http404
    form = _requirement_form(request, pathway, tree.root, tree.requirements, data=request.POST)
    if not form.is_valid():
        return _builder_page(request, pathway, form=form, status=400)
    data = form.cleaned_data
    parent = next(r for r in tree.requirements.values() if str(r.public_id) == data["parent"])
    try:
        services.pathway_requirement_add(
            actor=request.user,
            pathway=pathway,
            parent=parent,
            kind=data["kind"],
            n=data.get("n"),
            badge_class=data.get("badge_class"),
            nested_pathway=data.get("nested_pathway"),
            label=data.get("label") or "",
        )
    except PermissionDenied as exc:
        raise Http404 from exc
    except services.BadgeError as exc:
        form.add_error(None, str(exc))
        return _builder_page(request, pathway, form=form, status=400)
    messages.success(request, _("Added."))
    return HttpResponseRedirect(_edit_url(pathway) + "#outline")


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
    try:
        services.pathway_requirement_remove(actor=request.user, requirement=requirement)
    except PermissionDenied as exc:
        raise Http404 from exc
    except services.BadgeError as exc:
        return _builder_page(request, pathway, error=str(exc), status=400)
    messages.success(request, _("Removed."))
    return HttpResponseRedirect(_edit_url(pathway) + "#outline")


@login_required
@require_POST
def pathway_activate(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    pathway = _pathway(request, public_id)
    try:
        services.pathway_activate(actor=request.user, pathway=pathway)
    except PermissionDenied as exc:
        raise Http404 from exc
    except services.BadgeError as exc:
        return _builder_page(request, pathway, error=str(exc), status=400)
    messages.success(request, _("The pathway is active: earners completing it get its badge."))
    return HttpResponseRedirect(_edit_url(pathway))


@login_required
@require_POST
def pathway_archive(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    pathway = _pathway(request, public_id)
    try:
        services.pathway_archive(actor=request.user, pathway=pathway)
    except PermissionDenied as exc:
        raise Http404 from exc
    except services.BadgeError as exc:
        return _builder_page(request, pathway, error=str(exc), status=400)
    messages.success(request, _("Archived. Badges already awarded stay valid."))
    return HttpResponseRedirect(_edit_url(pathway))


# Alerts ---------------------------------------------------------------------------------


def _alerts_page(request: HttpRequest, *, forms=None, status: int = 200) -> HttpResponse:
    forms = forms or {}
    rows = [
        {
            "alert": a,
            "form": forms.get(a.public_id) or AlertResolveForm(prefix=str(a.public_id)),
            "revoked_url": hosted.assertion_url(a.revoked_assertion),
            "pathway_assertion_url": hosted.assertion_url(a.pathway_assertion),
        }
        for a in sel.open_alerts_for(request.user)
    ]
    return render(request, "pathways/alert_list.html", {"rows": rows}, status=status)


@login_required
@require_GET
def alert_list(request: HttpRequest) -> HttpResponse:
    _require_builder(request)
    return _alerts_page(request)


@login_required
@require_POST
def alert_resolve(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    alert = sel.alert_for_admin(request.user, public_id)
    if alert is None:
        raise Http404
    form = AlertResolveForm(request.POST, prefix=str(alert.public_id))
    if not form.is_valid():
        return _alerts_page(request, forms={alert.public_id: form}, status=400)
    try:
        services.pathway_alert_resolve(
            actor=request.user,
            alert=alert,
            resolution=form.cleaned_data["resolution"],
            reason=form.cleaned_data.get("reason") or "",
        )
    except PermissionDenied as exc:
        raise Http404 from exc
    except services.BadgeError as exc:
        form.add_error(None, str(exc))
        return _alerts_page(request, forms={alert.public_id: form}, status=400)
    if form.cleaned_data["resolution"] == "revoke":
        messages.success(request, _("The pathway badge was revoked."))
    else:
        messages.success(request, _("The pathway badge was kept."))
    return HttpResponseRedirect(reverse("pathways:alert-list"))


# Credit agreements --------------------------------------------------------------------


def _agreement_form(request: HttpRequest, data=None) -> CreditAgreementForm:
    return CreditAgreementForm(
        data,
        badge_classes=BadgeClass.objects.filter(status=BadgeClass.Status.ACTIVE).order_by("name"),
        pathways=Pathway.objects.filter(status=Pathway.Status.ACTIVE).order_by("name"),
        colleges=sel.colleges_for(request.user),
    )


def _may_record_agreements(request: HttpRequest) -> None:
    if not (
        sel.colleges_for(request.user).exists() or sel.issuers_managed_by(request.user).exists()
    ):
        raise Http404


@login_required
@require_http_methods(["GET", "POST"])
def agreement_list(request: HttpRequest) -> HttpResponse:
    """Agreements I manage, and a form to record one (college or district admins)."""
    _may_record_agreements(request)
    form = _agreement_form(request, request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.credit_agreement_record(
                    actor=request.user,
                    badge_class=data.get("badge_class"),
                    pathway=data.get("pathway"),
                    institution=data.get("institution"),
                    program_name=data.get("program_name") or "",
                    course_code=data["course_code"],
                    course_title=data.get("course_title") or "",
                    credits=data["credits"],
                    effective_from=data["effective_from"],
                    signed_by_name=data["signed_by_name"],
                    signed_by_title=data["signed_by_title"],
                )
            except PermissionDenied:
                form.add_error(None, _("You may not record agreements for this badge."))
            except services.BadgeError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Agreement recorded; the badge page shows it."))
                return HttpResponseRedirect(reverse("pathways:agreement-list"))
    agreements = sel.agreements_managed_by(request.user).order_by("-created_at", "-pk")
    return render(
        request,
        "pathways/agreement_list.html",
        {"form": form, "agreements": agreements},
        status=status,
    )


@login_required
@require_POST
def agreement_withdraw(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    agreement = sel.agreements_managed_by(request.user).filter(public_id=public_id).first()
    if agreement is None:
        raise Http404
    try:
        services.credit_agreement_withdraw(actor=request.user, agreement=agreement)
    except PermissionDenied as exc:
        raise Http404 from exc
    messages.success(request, _("Agreement withdrawn."))
    return HttpResponseRedirect(reverse("pathways:agreement-list"))


# Endorsements -----------------------------------------------------------------------------


def _endorsement_form(request: HttpRequest, data=None) -> EndorsementForm:
    return EndorsementForm(
        data,
        badge_classes=BadgeClass.objects.filter(status=BadgeClass.Status.ACTIVE).order_by("name"),
        endorsers=sel.endorsers_for(request.user),
    )


@login_required
@require_http_methods(["GET", "POST"])
def endorsement_list(request: HttpRequest) -> HttpResponse:
    """Endorsements I manage, and a form to record one (endorser or district admins)."""
    if not sel.endorsers_for(request.user).exists():
        raise Http404
    form = _endorsement_form(request, request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.endorsement_create(
                    actor=request.user,
                    badge_class=data["badge_class"],
                    endorser=data["endorser"],
                    comment=data["comment"],
                    endorsed_on=data["endorsed_on"],
                    endorser_url=data.get("endorser_url") or "",
                    endorser_email=data.get("endorser_email") or "",
                )
            except PermissionDenied:
                form.add_error(None, _("You may not endorse this badge for that organization."))
            except services.BadgeError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Endorsement published with the badge."))
                return HttpResponseRedirect(reverse("pathways:endorsement-list"))
    rows = [
        {"endorsement": e, "url": hosted.endorsement_url(e)}
        for e in sel.endorsements_managed_by(request.user).order_by("-created_at", "-pk")
    ]
    return render(
        request, "pathways/endorsement_list.html", {"form": form, "rows": rows}, status=status
    )


@login_required
@require_POST
def endorsement_withdraw(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    endorsement = sel.endorsements_managed_by(request.user).filter(public_id=public_id).first()
    if endorsement is None:
        raise Http404
    try:
        services.endorsement_withdraw(actor=request.user, endorsement=endorsement)
    except PermissionDenied as exc:
        raise Http404 from exc
    messages.success(request, _("Endorsement withdrawn."))
    return HttpResponseRedirect(reverse("pathways:endorsement-list"))


@require_GET
def endorsement_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The hosted Open Badges 2.0 Endorsement (410 once withdrawn); browsers are sent
    to the badge page, which lists its endorsements."""
    endorsement = sel.endorsement_for_hosting(public_id)
    if endorsement is None:
        raise Http404
    if _wants_html(request):
        return HttpResponseRedirect(
            hosted.badge_class_url(endorsement.badge_class) + "#endorsements"
        )
    doc = hosted.endorsement_document(endorsement)
    return _jsonld(doc, status=410 if doc.get("revoked") else 200)
