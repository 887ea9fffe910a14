"""Recommending a published module to a teacher on the caseload (from a session just
logged, or for a goal), and the teacher dismissing it."""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import User

from .. import selectors, services
from ..forms import RecommendationForm
from ..models import CoachingSession, Recommendation
from .base import caseload_teacher, form_page, posted, run_inline


def _session(request: HttpRequest, value: object, teacher: User) -> CoachingSession | None:
    """The coach's own session with `teacher` that the form names (?session=), if any."""
    try:
        public_id = uuid.UUID(str(value))
    except ValueError:
        return None
    return selectors.usable_session(coach=request.user, public_id=public_id, teacher=teacher)


@login_required
@require_http_methods(["GET", "POST"])
def recommendation_create(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Recommend a published module, from a session just logged (?session=) or a goal."""
    teacher = caseload_teacher(request, public_id)
    form = RecommendationForm(
        posted(request),
        modules=selectors.published_modules(),
        goals=selectors.goals_to_recommend_for(coach=request.user, teacher=teacher),
        initial={"session": request.GET.get("session", "")},
    )
    session_id = form["session"].value() or ""
    session = _session(request, session_id, teacher) if session_id else None
    before = timezone.now()

    def done(rec: Recommendation) -> str:
        if rec.created_at < before:
            msg = _("“%(title)s” was already recommended to %(name)s.")
        else:
            msg = _("“%(title)s” was recommended to %(name)s.")
        return msg % {"title": rec.module.title, "name": teacher.get_full_name()}

    back = reverse("coaching:teacher-detail", kwargs={"public_id": public_id})
    return form_page(
        request,
        "coaching/recommendation_create.html",
        {"teacher": teacher, "form": form, "session": session},
        lambda: services.recommendation_create(
            actor=request.user,
            teacher=teacher,
            module=form.cleaned_data["module"],
            note=form.cleaned_data["note"],
            session=session,
            goal=form.cleaned_data.get("goal"),
        ),
        done=done,
        then=f"{back}#recommendations",
    )


@login_required
@require_POST
def recommendation_dismiss(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    rec = selectors.dismissable_recommendation(teacher=request.user, public_id=public_id)
    if rec is None:
        raise Http404
    return run_inline(
        request,
        lambda: services.recommendation_dismiss(actor=request.user, recommendation=rec),
        done=_("“%(title)s” was dismissed.") % {"title": rec.module.title},
        back=reverse("coaching:teacher-me") + "#recommendations",
    )
