"""The page that walks a person who must use two-factor authentication into
allauth's enrolment."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from .requirement import SESSION_REQUIRED, mfa_reasons, second_factors

REVIEWER_REASONS = frozenset({"teacher", "coach", "placement", "evidence"})


@require_GET
@login_required
def enrolment_required(request: HttpRequest) -> HttpResponse:
    """Why this person must set up a second factor, and the two ways to do it. The
    requirement is worked out afresh here (and kept in the session): someone who no
    longer needs one goes home; someone who has one, to the two-factor page."""
    reasons = set(mfa_reasons(request.user))
    request.session[SESSION_REQUIRED] = bool(reasons)
    if not reasons:
        return redirect("home")
    if second_factors(request.user):
        return redirect("mfa_index")
    return render(
        request,
        "mfa/required.html",
        {
            "operator": "operator" in reasons,
            "admin": "admin" in reasons,
            "reviewer": bool(reasons & REVIEWER_REASONS),
        },
    )
