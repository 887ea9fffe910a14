"""The coach's caseload dashboard."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .. import permissions, selectors


@login_required
@require_GET
def caseload_dashboard(request: HttpRequest) -> HttpResponse:
    """A coach's caseload in a fixed number of queries, however many teachers or sessions."""
    if not permissions.can_open_caseload_dashboard(request.user):
        raise Http404
    dashboard = selectors.caseload_dashboard(coach=request.user)
    return render(
        request,
        "coaching/caseload_dashboard.html",
        {
            "rows": dashboard.rows,
            "today": dashboard.today,
            "waiting_total": dashboard.waiting_total,
        },
    )
