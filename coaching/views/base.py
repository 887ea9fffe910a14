"""What the coaching pages share: reading a POST, a form's errors in one line, the
teacher a coach's page is about, where a goal is shown, and answering a service run
from a form page or an inline form."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import User
from core.errors import ServiceError
from core.views import run_service

from .. import selectors
from ..models import Goal

T = TypeVar("T")


def posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def form_errors(form: Any) -> str:
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


def caseload_teacher(request: HttpRequest, public_id: uuid.UUID) -> User:
    """The teacher (by public id) on the user's current caseload; 404 for anyone else."""
    assignment = selectors.caseload_assignment(coach=request.user, teacher_id=public_id)
    if assignment is None:
        raise Http404
    return assignment.teacher


def goal_page(user: User, goal: Goal) -> str:
    """The page `user` sees `goal` on: the teacher's own page, or the coach's."""
    if user.pk == goal.teacher_id:
        url = reverse("coaching:teacher-me")
    else:
        url = reverse("coaching:teacher-detail", kwargs={"public_id": goal.teacher.public_id})
    return f"{url}#goal-{goal.public_id}"


def back_with_error(request: HttpRequest, back: str, message: str) -> HttpResponse:
    messages.error(request, message)
    return HttpResponseRedirect(back)


def run_inline(
    request: HttpRequest, call: Callable[[], T], *, done: str, back: str
) -> HttpResponse:
    """One service call from an inline form on a page: back to the page with a success
    message, or with the service's refusal as an error (refusals of who may act: 404)."""

    def refused(exc: ServiceError) -> HttpResponse:
        return back_with_error(request, back, exc.message)

    return run_service(request, call, done=done, then=back, refused=refused)


def form_page(
    request: HttpRequest,
    template: str,
    context: dict[str, Any],
    call: Callable[[], T],
    *,
    done: str | Callable[[T], str],
    then: str | Callable[[T], str],
) -> HttpResponse:
    """A page whose form (`context["form"]`) runs one service: the form for a GET; for a
    POST, the form again with its errors (400), or the service run (`run_service`) with
    its refusal shown above the form (400)."""

    def page(error: str = "") -> HttpResponse:
        return render(request, template, {**context, "error": error}, status=400 if error else 200)

    if request.method != "POST":
        return page()
    if not context["form"].is_valid():
        return page(_("Please correct the errors below."))
    return run_service(request, call, done=done, then=then, refused=lambda exc: page(exc.message))
