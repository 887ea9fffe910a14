"""Approval policies in the console: the list (scoped by the access policy), making
one for a badge the admin manages, and changing one. Someone who may keep none gets
404; a policy they may not manage answers 404 too."""

from __future__ import annotations

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
from ...forms.console import ApprovalPolicyForm
from ...models import ReviewerKind
from ...selectors import policies as sel

PAGE_SIZE = 25


def _require(request: HttpRequest) -> None:
    if not permissions.can_keep_approval_policies(request.user):
        raise Http404


def _row(policy) -> dict:
    kinds = [str(ReviewerKind(k).label) for k in policy.eligible_kinds()]
    return {
        "policy": policy,
        "badge": policy.badge_class,
        "rubric": policy.rubric,
        "kinds": kinds,
        "url": reverse(
            "evidence_console:approval-policy-edit", kwargs={"badge_slug": policy.badge_class.slug}
        ),
    }


@login_required
@require_GET
def policy_list(request: HttpRequest) -> HttpResponse:
    _require(request)
    page = Paginator(sel.approval_policies_for(user=request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "evidence/console/approval_policy_list.html",
        {
            "page": page,
            "rows": [_row(p) for p in page.object_list],
            "can_create": sel.badge_classes_without_policy(user=request.user).exists(),
        },
    )


def _form(request: HttpRequest, *, data=None, initial=None, creating: bool) -> ApprovalPolicyForm:
    return ApprovalPolicyForm(
        data,
        initial=initial,
        badge_classes=sel.badge_classes_without_policy(user=request.user) if creating else None,
        rubrics=sel.rubrics_for(user=request.user),
        groups=sel.reviewer_groups_for(user=request.user),
    )


def _page(request, form, *, policy=None, status: int = 200) -> HttpResponse:
    return render(
        request,
        "evidence/console/approval_policy_form.html",
        {"form": form, "policy": policy},
        status=status,
    )


def _saved(policy) -> str:
    return reverse("evidence_console:approval-policy-list")


@login_required
@require_http_methods(["GET", "POST"])
def policy_create(request: HttpRequest) -> HttpResponse:
    _require(request)
    if request.method != "POST":
        initial = {}
        if request.GET.get("badge"):
            initial["badge_class"] = request.GET["badge"]
        return _page(request, _form(request, initial=initial, creating=True))
    form = _form(request, data=request.POST, creating=True)
    if not form.is_valid():
        return _page(request, form, status=400)

    def refused(exc: ServiceError) -> HttpResponse:
        form.add_error(None, exc.message)
        return _page(request, form, status=400)

    badge = form.cleaned_data["badge_class"]
    return run_service(
        request,
        lambda: services.approval_policy_create(
            actor=request.user, badge_class=badge, settings=form.settings()
        ),
        done=_("“%(badge)s” now takes evidence under this policy.") % {"badge": badge.name},
        then=_saved,
        refused=refused,
    )


@login_required
@require_http_methods(["GET", "POST"])
def policy_edit(request: HttpRequest, badge_slug: str) -> HttpResponse:
    policy = sel.approval_policy_for(user=request.user, badge_slug=badge_slug)
    if policy is None:
        raise Http404
    if request.method != "POST":
        form = _form(request, initial=ApprovalPolicyForm.initial_of(policy), creating=False)
        return _page(request, form, policy=policy)
    form = _form(request, data=request.POST, creating=False)
    if not form.is_valid():
        return _page(request, form, policy=policy, status=400)

    def refused(exc: ServiceError) -> HttpResponse:
        form.add_error(None, exc.message)
        return _page(request, form, policy=policy, status=400)

    return run_service(
        request,
        lambda: services.approval_policy_update(
            actor=request.user, policy=policy, settings=form.settings()
        ),
        done=_("The approval policy of “%(badge)s” was saved.")
        % {"badge": policy.badge_class.name},
        then=_saved,
        refused=refused,
    )
