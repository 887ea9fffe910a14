"""Logging a session with a teacher on the caseload, and attaching its shared notes to
a submission waiting on the coach's review."""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from .. import selectors, services
from ..forms import AttachForm, SessionForm
from .base import caseload_teacher, form_page, posted, run_inline


@login_required
@require_http_methods(["GET", "POST"])
def session_create(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    teacher = caseload_teacher(request, public_id)
    form = SessionForm(posted(request), competencies=selectors.educator_competencies())
    follow_up = reverse("coaching:recommendation-create", kwargs={"public_id": public_id})
    return form_page(
        request,
        "coaching/session_create.html",
        {"teacher": teacher, "form": form},
        lambda: services.session_log(actor=request.user, teacher=teacher, **form.session()),
        done=_("The session was saved."),
        then=lambda session: f"{follow_up}?session={session.public_id}",
    )


@login_required
@require_POST
def session_attach(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Attach a session's shared notes to a submission waiting on the coach's review."""
    session = selectors.usable_session(coach=request.user, public_id=public_id)
    if session is None:
        raise Http404
    form = AttachForm(
        request.POST, submissions=selectors.waiting_on(coach=request.user, teacher=session.teacher)
    )
    if not form.is_valid():
        raise Http404
    submission = form.cleaned_data["submission"]
    back = reverse("coaching:teacher-detail", kwargs={"public_id": session.teacher.public_id})
    return run_inline(
        request,
        lambda: services.session_attach_to_submission(
            actor=request.user, session=session, submission=submission
        ),
        done=_("The session's notes were attached to “%(badge)s” for the reviewers.")
        % {"badge": submission.badge_class.name},
        back=f"{back}#sessions",
    )
