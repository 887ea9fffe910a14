"""Rate limits that hold across processes: counted in the default cache (the database
cache, or Redis with CACHE_URL), which every web process, Celery worker and command of
a deployment shares.

Sign-in limits are allauth's (`ACCOUNT_RATE_LIMITS`), with the failed-attempt "key" made
of the address and the client's IP together (`login_attempts_key`, used by
`accounts.adapters.AccountAdapter`). The API's and the pages' limits are DRF throttles
defined here: one definition per limit, asked by the API view (`throttle_classes`) and
by the page (`throttle_page`), counting in the same place.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable
from functools import wraps

from allauth.core.internal.ratelimit import get_ip
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle


def client_ip(request: HttpRequest) -> str:
    """The client's address as allauth's limits see it: REMOTE_ADDR, or the address the
    trusted proxies put in X-Forwarded-For (NUM_PROXIES); an IPv6 address by its /64."""
    return get_ip(request)


def login_attempts_key(request: HttpRequest, login: str) -> str:
    """The failed sign-in limit's key: the address tried, from this client's IP, so that
    failures from one network never lock the owner out of another. Not the host name
    (allauth's key has it): every host name and process counts together."""
    return f"{client_ip(request)}|{login.strip().lower()}"


class ClientIPThrottle(SimpleRateThrottle):
    """A DRF throttle per client IP, at the rate `REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]`
    gives its scope (read when used, not when imported)."""

    def get_rate(self) -> str | None:
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def get_cache_key(self, request, view) -> str | None:
        return self.cache_format % {"scope": self.scope, "ident": client_ip(request)}

    def wait(self) -> float:
        """Seconds until the oldest counted request leaves the window, so that one more
        is allowed (DRF's own estimate spreads the wait over the whole window)."""
        if not self.history:
            return 0.0
        return max(0.0, self.duration - (self.now - self.history[-1]))

    def retry_after(self) -> int:
        """`wait()` in whole seconds, at least one (for Retry-After)."""
        return max(1, math.ceil(self.wait()))


class VerifyThrottle(ClientIPThrottle):
    """Verifying a badge, on the page and through the API together (VERIFY_RATE)."""

    scope = "verify"


class TokenIPThrottle(ClientIPThrottle):
    """Asking for an API token, whatever the account, per IP (API_TOKEN_IP_RATE)."""

    scope = "auth-token-ip"


class TokenAccountThrottle(ClientIPThrottle):
    """Asking for an API token for one account from one IP (API_TOKEN_RATE): someone
    guessing an account's password elsewhere does not stop its owner here."""

    scope = "auth-token"

    def get_cache_key(self, request, view) -> str | None:
        account = str(request.data.get("username") or "").strip().lower()
        digest = hashlib.sha256(account.encode()).hexdigest()[:32]
        return self.cache_format % {"scope": self.scope, "ident": f"{client_ip(request)}:{digest}"}


def too_many_requests(request: HttpRequest, *, retry_after: int | None = None) -> HttpResponse:
    """The 429 page, with Retry-After when the wait is known."""
    response = render(request, "429.html", {"retry_after": retry_after}, status=429)
    if retry_after is not None:
        response["Retry-After"] = str(retry_after)
    return response


def throttle_page(throttle_class: type[ClientIPThrottle]) -> Callable:
    """Limit a page's POSTs with `throttle_class`, as the API view using it is limited;
    a refused POST gets the 429 page and does nothing."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.method == "POST":
                throttle = throttle_class()
                if not throttle.allow_request(request, None):
                    return too_many_requests(request, retry_after=throttle.retry_after())
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
