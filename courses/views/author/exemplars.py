"""Exemplars: a teacher proposes one from their own approved evidence; authors write one,
and publish or decline what waits for review (`courses.workflow.EXEMPLAR_FLOW`)."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.errors import ServiceError
from core.slugs import unique_slug
from core.views import run_service

from ... import permissions, selectors, services
from ...forms import DeclineForm, ExemplarCreateForm, ExemplarProposeForm
from ...models import Exemplar
from ...workflow import EXEMPLAR_FLOW
from ..links import posted, unless_valid
from . import require_author


def _slug(title: str) -> str:
    return unique_slug(Exemplar, title, fallback="exemplar", max_length=90)


@login_required
@require_http_methods(["GET", "POST"])
def exemplar_propose(request: HttpRequest, submission_id: uuid.UUID) -> HttpResponse:
    """A teacher turns their own approved evidence into a proposed exemplar, with consent."""
    submission = selectors.proposable_submission(user=request.user, public_id=submission_id)
    if submission is None:
        raise Http404
    badge = submission.badge_class
    approved = submission.status == submission.Status.APPROVED
    form = ExemplarProposeForm(
        posted(request), initial={"title": badge.name}, competencies=selectors.all_competencies()
    )

    def page(status: int = 200, error: str = "") -> HttpResponse:
        if not approved and not error:
            error = _("Only approved evidence can become an exemplar.")
        context = {
            "form": form,
            "submission": submission,
            "badge": badge,
            "approved": approved,
            "error": error,
        }
        return render(request, "courses/exemplar_propose.html", context, status=status)

    if (answer := unless_valid(request, form, page)) is not None:
        return answer
    data = form.exemplar()
    return run_service(
        request,
        lambda: services.exemplar_propose(
            actor=request.user,
            submission=submission,
            consent=form.cleaned_data["consent"],
            slug=_slug(data["title"]),
            **data,
        ),
        done=_(
            "Thank you. Your lesson is proposed as an exemplar; a coach or district "
            "admin will review it before it is published."
        ),
        then=lambda exemplar: reverse("courses:exemplar-detail", kwargs={"slug": exemplar.slug}),
        refused=lambda exc: page(400, exc.message),
    )


def _review_rows(
    request: HttpRequest, declining: str = "", form: DeclineForm | None = None
) -> list[dict[str, Any]]:
    exemplars = selectors.exemplars_to_review(user=request.user).prefetch_related(
        "standards", "artifacts"
    )
    rows = []
    for e in exemplars:
        moves = {m.name for m in EXEMPLAR_FLOW.available(e.status)}
        rows.append(
            {
                "exemplar": e,
                "standards": list(e.standards.all()),
                "artifacts": len(e.artifacts.all()),
                "can_publish": "publish" in moves,
                "can_decline": "decline" in moves,
                "decline_form": form if form is not None and e.slug == declining else None,
            }
        )
    return rows


def _render_review(request: HttpRequest, *, status: int = 200, **given: Any) -> HttpResponse:
    rows = _review_rows(request, given.get("declining", ""), given.get("decline_form"))
    return render(
        request,
        "courses/exemplar_review_list.html",
        {"rows": rows, "error": given.get("error", "")},
        status=status,
    )


@login_required
@require_GET
def exemplar_review_list(request: HttpRequest) -> HttpResponse:
    require_author(request)
    return _render_review(request)


def _to_review(request: HttpRequest, slug: str) -> Exemplar:
    require_author(request)
    exemplar = selectors.exemplars_to_review(user=request.user).filter(slug=slug).first()
    if exemplar is None:
        raise Http404
    return exemplar


@login_required
@require_POST
def exemplar_publish(request: HttpRequest, slug: str) -> HttpResponse:
    exemplar = _to_review(request, slug)
    return run_service(
        request,
        lambda: services.exemplar_publish(actor=request.user, exemplar=exemplar),
        done=_("“%(title)s” is published in the exemplar library.") % {"title": exemplar.title},
        then=reverse("courses:exemplar-review-list"),
        refused=lambda exc: _render_review(request, status=400, error=exc.message),
    )


@login_required
@require_POST
def exemplar_decline(request: HttpRequest, slug: str) -> HttpResponse:
    exemplar = _to_review(request, slug)
    form = DeclineForm(request.POST)

    def not_declined(exc: ServiceError | None = None) -> HttpResponse:
        if exc is not None:
            form.add_error("reason", exc.message)
        return _render_review(
            request,
            status=400,
            error=_("“%(title)s” was not declined: say why.") % {"title": exemplar.title},
            declining=slug,
            decline_form=form,
        )

    if not form.is_valid():
        return not_declined()
    return run_service(
        request,
        lambda: services.exemplar_decline(
            actor=request.user, exemplar=exemplar, reason=form.cleaned_data["reason"]
        ),
        done=_("“%(title)s” was declined.") % {"title": exemplar.title},
        then=reverse("courses:exemplar-review-list"),
        refused=not_declined,
    )


@login_required
@require_http_methods(["GET", "POST"])
def exemplar_create(request: HttpRequest) -> HttpResponse:
    """Admins and coaches write an exemplar directly; it waits for publishing on the review page."""
    require_author(request)
    districts = permissions.authoring_districts(request.user)
    form = ExemplarCreateForm(
        posted(request), districts=districts, competencies=selectors.all_competencies()
    )

    def page(status: int = 200, error: str = "") -> HttpResponse:
        context = {"form": form, "error": error, "no_district": not districts}
        return render(request, "courses/exemplar_form.html", context, status=status)

    if (answer := unless_valid(request, form, page)) is not None:
        return answer
    data = form.exemplar()
    return run_service(
        request,
        lambda: services.exemplar_create(
            actor=request.user,
            organization=form.cleaned_data["organization"],
            slug=_slug(data["title"]),
            artifacts=form.cleaned_data["artifacts"],
            **data,
        ),
        done=lambda exemplar: (
            _("“%(title)s” was saved. Publish it when it is ready.") % {"title": exemplar.title}
        ),
        then=reverse("courses:exemplar-review-list"),
        refused=lambda exc: page(400, exc.message),
    )
