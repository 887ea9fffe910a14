"""The verify page: an employer pastes a badge link or a credential, or drops a baked
image, and reads what Cairn found. No account needed."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from core.ratelimits import VerifyThrottle, throttle_page

from .. import verification
from ..forms import VerifyForm
from ..selectors import pages
from .responses import page_context


@require_http_methods(["GET", "POST"])
@throttle_page(VerifyThrottle)  # with the API's verify, per IP (VERIFY_RATE)
def verify(request: HttpRequest) -> HttpResponse:
    result = None
    if request.method == "POST":
        form = VerifyForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            result = verification.verify_given(
                url=data["url"],
                credential=data["credential"],
                image=data["image"],
                email=data["email"],
            )
    else:
        form = VerifyForm(initial={"url": request.GET.get("url", "")})
    context = {"form": form, "result": result}
    if result is not None and result.assertion is not None:
        badge = pages.verified_badge(assertion=result.assertion)
        extras = pages.badge_extras(badge_class=badge.badge_class)
        context |= page_context(badge) | page_context(extras)
    status = 400 if request.method == "POST" and not form.is_valid() else 200
    return render(request, "badges/verify.html", context, status=status)
