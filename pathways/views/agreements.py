"""Credit agreements and endorsements, recorded by college, endorser or issuer admins.

They are badges' data (published in the badge documents); their pages sit with the
pathways, whose badges they are often about. An agreement on a pathway is recorded on
the pathway's badge.
"""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from badges import selectors, services
from badges.models import BadgeClass
from badges.selectors import pages
from core.errors import ServiceError
from core.views import run_service

from ..forms import CreditAgreementForm, EndorsementForm
from ..models import Pathway


def _may(moves, name: str) -> bool:
    """Is `name` among the workflow moves a row offers (its buttons)?"""
    return any(m.name == name for m in moves)


def _form_refusal(form, page, message: str | None = None):
    def answer(exc: Exception) -> HttpResponse:
        form.add_error(None, message or str(exc))
        return page(400)

    return answer


# Credit agreements --------------------------------------------------------------------


def _agreement_form(request: HttpRequest, data=None) -> CreditAgreementForm:
    return CreditAgreementForm(
        data,
        badge_classes=BadgeClass.objects.filter(status=BadgeClass.Status.ACTIVE).order_by("name"),
        pathways=Pathway.objects.filter(status=Pathway.Status.ACTIVE)
        .select_related("badge_class")
        .order_by("name"),
        colleges=selectors.colleges_for(user=request.user),
    )


@login_required
@require_http_methods(["GET", "POST"])
def agreement_list(request: HttpRequest) -> HttpResponse:
    """Agreements I manage, and a form to record one (college or issuer admins)."""
    user = request.user
    if not (
        selectors.colleges_for(user=user).exists()
        or selectors.issuers_managed_by(user=user).exists()
    ):
        raise Http404
    form = _agreement_form(request, request.POST if request.method == "POST" else None)

    def page(status: int) -> HttpResponse:
        rows = [
            {"agreement": r.agreement, "can_withdraw": _may(r.moves, "withdraw")}
            for r in pages.agreements_managed(user=user)
        ]
        return render(
            request,
            "pathways/agreement_list.html",
            {"form": form, "rows": rows},
            status=status,
        )

    if request.method != "POST":
        return page(200)
    if not form.is_valid():
        return page(400)
    data = form.cleaned_data
    pathway = data.get("pathway")
    return run_service(
        request,
        lambda: services.credit_agreement_record(
            actor=user,
            badge_class=pathway.badge_class if pathway else data["badge_class"],
            institution=data.get("institution"),
            program_name=data.get("program_name") or "",
            course_code=data["course_code"],
            course_title=data.get("course_title") or "",
            credits=data["credits"],
            effective_from=data["effective_from"],
            signed_by_name=data["signed_by_name"],
            signed_by_title=data["signed_by_title"],
        ),
        done=_("Agreement recorded; the badge page shows it."),
        then=reverse("pathways:agreement-list"),
        refused=_form_refusal(form, page),
        forbidden=_form_refusal(form, page, _("You may not record agreements for this badge.")),
    )


@login_required
@require_POST
def agreement_withdraw(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    agreement = (
        selectors.agreements_managed_by(user=request.user).filter(public_id=public_id).first()
    )
    if agreement is None:
        raise Http404
    return run_service(
        request,
        lambda: services.credit_agreement_withdraw(actor=request.user, agreement=agreement),
        done=_("Agreement withdrawn."),
        then=reverse("pathways:agreement-list"),
        refused=_raise_404,
    )


def _raise_404(exc: ServiceError | PermissionDenied) -> HttpResponse:
    raise Http404 from exc


# Endorsements -------------------------------------------------------------------------


def _endorsement_form(request: HttpRequest, data=None) -> EndorsementForm:
    return EndorsementForm(
        data,
        badge_classes=BadgeClass.objects.filter(status=BadgeClass.Status.ACTIVE).order_by("name"),
        endorsers=selectors.endorsers_for(user=request.user),
    )


@login_required
@require_http_methods(["GET", "POST"])
def endorsement_list(request: HttpRequest) -> HttpResponse:
    """Endorsements I manage, and a form to record one (endorser or issuer admins)."""
    user = request.user
    if not selectors.endorsers_for(user=user).exists():
        raise Http404
    form = _endorsement_form(request, request.POST if request.method == "POST" else None)

    def page(status: int) -> HttpResponse:
        rows = [
            {"endorsement": r.endorsement, "url": r.url, "can_withdraw": _may(r.moves, "withdraw")}
            for r in pages.endorsements_managed(user=user)
        ]
        return render(
            request, "pathways/endorsement_list.html", {"form": form, "rows": rows}, status=status
        )

    if request.method != "POST":
        return page(200)
    if not form.is_valid():
        return page(400)
    data = form.cleaned_data
    return run_service(
        request,
        lambda: services.endorsement_create(
            actor=user,
            badge_class=data["badge_class"],
            endorser=data["endorser"],
            comment=data["comment"],
            endorsed_on=data["endorsed_on"],
            endorser_url=data.get("endorser_url") or "",
            endorser_email=data.get("endorser_email") or "",
        ),
        done=_("Endorsement published with the badge."),
        then=reverse("pathways:endorsement-list"),
        refused=_form_refusal(form, page),
        forbidden=_form_refusal(
            form, page, _("You may not endorse this badge for that organization.")
        ),
    )


@login_required
@require_POST
def endorsement_withdraw(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    endorsement = (
        selectors.endorsements_managed_by(user=request.user).filter(public_id=public_id).first()
    )
    if endorsement is None:
        raise Http404
    return run_service(
        request,
        lambda: services.endorsement_withdraw(actor=request.user, endorsement=endorsement),
        done=_("Endorsement withdrawn."),
        then=reverse("pathways:endorsement-list"),
        refused=_raise_404,
    )
