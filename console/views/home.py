"""`/`: the welcome page for visitors; for a signed-in person, the page their role
works from (`console.selectors.home.landing_for` decides, in one place)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.http import require_GET

from console.selectors.home import home_page, landing_for


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not user.is_authenticated:
        return render(request, "accounts/home.html", {})
    landing = landing_for(user=user)
    if not landing.is_home:
        return redirect(landing.url)
    return render(
        request, "console/home_detail.html", {"home": home_page(user=user, landing=landing)}
    )


@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """`/favicon.ico`, which browsers ask for on their own: the icon in the static files."""
    return HttpResponsePermanentRedirect(static("favicon.ico"))
