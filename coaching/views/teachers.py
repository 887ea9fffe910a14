"""The two teacher pages: the coach's page about a teacher on their caseload, and the
teacher's own "My coaching".

Private notes reach one template only: the coach's own teacher page, for the coach who
wrote them (`SessionView.private_notes`); the teacher's page never receives them.
"""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .. import selectors
from ..forms import AttachForm
from .goals import goal_rows


@login_required
@require_GET
def teacher_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """A teacher on the coach's caseload: goals, the coach's sessions, recommendations."""
    page = selectors.coach_teacher_page(coach=request.user, teacher_id=public_id, data=request.GET)
    if page is None:
        raise Http404
    modules, badges = selectors.published_modules(), selectors.educator_badges()
    return render(
        request,
        "coaching/teacher_detail.html",
        {
            "teacher": page.teacher,
            "assignment": page.assignment,
            "goals": goal_rows(page.teacher, page.goals, modules, badges),
            "sessions": [
                {
                    "s": s,
                    "attach_form": AttachForm(
                        submissions=page.waiting, auto_id=f"id_%s_{s.public_id.hex[:8]}"
                    )
                    if page.waiting and s.shared_notes
                    else None,
                }
                for s in page.sessions
            ],
            "sessions_page": page.sessions,
            "waiting": page.waiting,
            "recommendations": page.recommendations,
            "history": page.history,
        },
    )


@login_required
@require_GET
def teacher_me(request: HttpRequest) -> HttpResponse:
    """The teacher's own coaching: goals with progress, shared notes, recommendations."""
    me = request.user
    page = selectors.my_coaching_page(teacher=me, data=request.GET)
    modules, badges = selectors.published_modules(), selectors.educator_badges()
    return render(
        request,
        "coaching/teacher_me.html",
        {
            "coach": page.coach,
            "goals": goal_rows(me, page.goals, modules, badges),
            "sessions": [{"s": s, "attach_form": None} for s in page.sessions],
            "sessions_page": page.sessions,
            "recommendations": page.recommendations,
        },
    )
