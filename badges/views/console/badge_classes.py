"""Badge classes in the console: the list (filtered, searched, paginated), a new badge,
its page (with the draft → active → archived buttons from the workflow) and its edit
form. The image goes to the service as bytes; a refused image is shown on the form's
image field and nothing is saved."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.errors import ServiceError
from core.views import run_service

from ... import permissions, services
from ...forms.badge_classes import BadgeClassFilterForm, BadgeClassForm, MoveForm
from ...models import BadgeClass
from ...selectors import console as sel
from ...workflow import BADGE_CLASS_FLOW
from ..responses import hosted_image
from . import page_of, require_badge_admin

STATUS_CLASS = {
    BadgeClass.Status.DRAFT: "status-draft",
    BadgeClass.Status.ACTIVE: "status-approved",
    BadgeClass.Status.ARCHIVED: "status-withdrawn",
}
# Each workflow move (badges.workflow.BADGE_CLASS_FLOW) and the service that makes it.
MOVES: dict[str, Callable[..., BadgeClass]] = {
    "activate": services.badge_class_activate,
    "archive": services.badge_class_archive,
}
# Pages of the apps above badges (evidence: approval policies; pathways: awarding),
# named by URL, never imported; a link is left out while its page does not exist.
APPROVAL_POLICIES_URL = "evidence_console:approval-policy-list"
AWARD_URL = "pathways:console-award-create"


def badge_class_or_404(request: HttpRequest, public_id: uuid.UUID) -> BadgeClass:
    badge = sel.badge_class_for_console(user=request.user, public_id=public_id)
    if badge is None:
        raise Http404
    return badge


def detail_url(badge: BadgeClass) -> str:
    return reverse("badges:console-badgeclass-detail", kwargs={"public_id": badge.public_id})


@login_required
@require_GET
def badgeclass_list(request: HttpRequest) -> HttpResponse:
    require_badge_admin(request)
    issuers = list(sel.issuers_for_console(user=request.user))
    filters = BadgeClassFilterForm(request.GET or None, issuers=issuers)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    rows = sel.badge_classes_for_console(
        user=request.user,
        status=chosen.get("status", ""),
        issuer=chosen.get("issuer"),
        query=(chosen.get("q") or "").strip(),
    )
    page = page_of(request, rows)
    context = {
        "filters": filters,
        "page": page,
        "rows": [(b, STATUS_CLASS.get(b.status, "")) for b in page],
        "filtered": any(chosen.values()),
        "may_create": bool(issuers),
    }
    return render(request, "badges/console/badgeclass_list.html", context)


def _form_page(request, form, *, badge=None, status=200) -> HttpResponse:
    context = {"form": form, "badge": badge}
    return render(request, "badges/console/badgeclass_form.html", context, status=status)


def _refused(request, form, badge=None):
    def refused(error: ServiceError) -> HttpResponse:
        field = BadgeClassForm.ERROR_FIELDS.get(error.code)
        form.add_error(field if field in form.fields else None, error.message)
        return _form_page(request, form, badge=badge, status=400)

    return refused


@login_required
@require_http_methods(["GET", "POST"])
def badgeclass_create(request: HttpRequest) -> HttpResponse:
    require_badge_admin(request)
    issuers = list(sel.issuers_awarding_for(user=request.user))
    if not issuers:
        raise Http404
    if request.method == "GET":
        initial: dict[str, str] = {"audience": BadgeClass.Audience.EDUCATOR}
        wanted = request.GET.get("issuer", "")
        if len(issuers) == 1 or any(str(i.public_id) == wanted for i in issuers):
            initial["issuer"] = wanted or str(issuers[0].public_id)
        return _form_page(request, BadgeClassForm(initial=initial, issuers=issuers))
    form = BadgeClassForm(request.POST, request.FILES, issuers=issuers)
    if not form.is_valid():
        return _form_page(request, form, status=400)
    data = form.cleaned_data
    return run_service(
        request,
        lambda: services.badge_class_create(
            actor=request.user,
            issuer=data["issuer"],
            slug=data["slug"],
            image=data["image"],
            **form.values(),
        ),
        done=lambda badge: _("The badge “%(name)s” is saved as a draft.") % {"name": badge.name},
        then=detail_url,
        refused=_refused(request, form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def badgeclass_edit(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    badge = badge_class_or_404(request, public_id)
    alignments = sel.alignments_of(badge_class=badge)
    if request.method == "GET":
        form = BadgeClassForm(initial=BadgeClassForm.initial_from(badge), alignments=alignments)
        return _form_page(request, form, badge=badge)
    form = BadgeClassForm(request.POST, request.FILES, alignments=alignments)
    if not form.is_valid():
        return _form_page(request, form, badge=badge, status=400)
    values = form.values()
    values.setdefault("cte_competency", None)
    return run_service(
        request,
        lambda: services.badge_class_update(
            actor=request.user, badge_class=badge, image=form.cleaned_data["image"], **values
        ),
        done=_("The badge is saved."),
        then=detail_url(badge),
        refused=_refused(request, form, badge),
    )


def _link_for(name: str, query: str = "") -> str:
    try:
        return reverse(name) + query
    except NoReverseMatch:
        return ""


@login_required
@require_GET
def badgeclass_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    badge = badge_class_or_404(request, public_id)
    context = {
        "badge": badge,
        "status_class": STATUS_CLASS.get(badge.status, ""),
        "alignments": sel.alignments_of(badge_class=badge),
        "links": sel.curriculum_of(badge_class=badge),
        "moves": BADGE_CLASS_FLOW.available(badge.status),
        "move_form": MoveForm(),
        "published": badge.status != BadgeClass.Status.DRAFT,
        "award_url": _link_for(AWARD_URL, f"?badge_class={badge.public_id}")
        if badge.status == BadgeClass.Status.ACTIVE
        and permissions.badge_classes.allows(request.user, "award", badge)
        else "",
        "approval_policies_url": _link_for(APPROVAL_POLICIES_URL),
    }
    return render(request, "badges/console/badgeclass_detail.html", context)


@login_required
@require_GET
def badgeclass_image(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The badge's image for its admins, drafts' too (the hosted image is published
    badges' only); served with the hosted image's headers (an SVG runs no script)."""
    badge = badge_class_or_404(request, public_id)
    if not badge.image:
        raise Http404
    with badge.image.open("rb") as fh:
        response = hosted_image(fh.read(), badge.image_type)
    response["Cache-Control"] = "private, no-cache"
    del response["Access-Control-Allow-Origin"]
    return response


@login_required
@require_POST
def badgeclass_move(request: HttpRequest, public_id: uuid.UUID, move: str) -> HttpResponse:
    badge = badge_class_or_404(request, public_id)
    service = MOVES.get(move)
    if service is None:
        raise Http404
    form = MoveForm(request.POST)
    reason = form.cleaned_data["reason"].strip() if form.is_valid() else ""
    extra = {"reason": reason} if move == "archive" else {}

    def refused(error: ServiceError) -> HttpResponse:
        messages.error(request, error.message)
        return redirect(detail_url(badge))

    return run_service(
        request,
        lambda: service(actor=request.user, badge_class=badge, **extra),
        done=lambda moved: (
            _("“%(name)s” is now %(status)s.")
            % {"name": moved.name, "status": moved.get_status_display().lower()}
        ),
        then=detail_url(badge),
        refused=refused,
    )
