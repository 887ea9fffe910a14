"""Keeps a person who must use two-factor authentication (`requirement`) off Cairn's
pages until this session has passed it, and keeps a session that did not pass the second
factor of an enrolled person (anyone's) off the pages that change their second factors.

- Not enrolled yet: every page sends them to the page that says why and leads into
  allauth's enrolment (`mfa-required`); the API answers 403 with a JSON body. Open to
  them: allauth's two-factor pages and the password re-authentication allauth asks for
  before a first second factor is added.
- Enrolled, but this session did not pass a second factor (a sign-in through a
  provider whose multi-factor sign-in does not count, a session opened before they
  enrolled elsewhere, say): every page sends them to allauth's re-authentication with
  the second factor, and back. The pages that add, remove or show second factors and
  recovery codes, and the re-authentication by password or e-mailed code, are closed to
  such a session whether or not the person must use a second factor: the password alone
  must not add a key of its own (a backdoor that would pass every later sign-in).

Always open: signing in (allauth's sign-in stages) and out, confirming the second factor
(`mfa_reauthenticate`, `mfa_reauthenticate_webauthn`), e-mail confirmation, and the
public pages (hosted Open Badges, verification, public profiles and evidence). Static
files are served before this middleware runs. The Django admin is behind it like every
other page.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from allauth.mfa.models import Authenticator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from .requirement import required_in_session, second_factors, session_passed_mfa

# URL names (with their namespace) that stay open.
OPEN_NAMES = frozenset(
    {
        "account_login",
        "account_logout",
        # Confirming the second factor.
        "mfa_reauthenticate",
        "mfa_reauthenticate_webauthn",
        # allauth's sign-in stages (a sign-in under way, not this session's person).
        "mfa_authenticate",
        "mfa_trust",
        "mfa_login_webauthn",
        "account_confirm_email",
        "account_email_verification_sent",
        "account_inactive",
        "favicon",
        "badges:verify",
        "badges:profile-detail",
        "evidence:evidence-public",
        "api:verify",
        "schema",
        "api-docs",
    }
)
# Pages that change or show one's second factors (allauth's other two-factor pages,
# Cairn's enrolment page) and re-authentication without the second factor: open to a
# person with no second factor yet, and to a session that passed it.
SECOND_FACTOR_NAMES = frozenset(
    {
        "mfa-required",
        "account_reauthenticate",
        "account_request_reauthentication_code",
        "account_confirm_reauthentication_code",
    }
)
SECOND_FACTOR_PREFIXES = ("mfa_",)
# The hosted Open Badges documents.
OPEN_NAMESPACES = frozenset({"ob2", "ob3"})
# ob3 pages that are a signed-in person's own, not public.
CLOSED_NAMES = frozenset({"ob3:clr-mine"})


def is_open(request: HttpRequest) -> bool:
    match = request.resolver_match
    if match is None:
        return False
    name = match.view_name
    if name in CLOSED_NAMES:
        return False
    if name in OPEN_NAMES:
        return True
    return bool(match.namespaces) and match.namespaces[0] in OPEN_NAMESPACES


def is_second_factor_page(request: HttpRequest) -> bool:
    """A page that changes or shows the second factors, or re-authenticates without one
    (checked after `is_open`, which takes the confirming and sign-in pages)."""
    match = request.resolver_match
    if match is None:
        return False
    return match.view_name in SECOND_FACTOR_NAMES or (
        not match.namespaces and (match.url_name or "").startswith(SECOND_FACTOR_PREFIXES)
    )


def _wants_json(request: HttpRequest) -> bool:
    return request.path.startswith("/api/") or "application/json" in request.headers.get(
        "Accept", ""
    )


def confirm_url(enrolled: set[str]) -> str:
    """Where an enrolled person confirms their second factor: allauth's re-authentication
    with a code where they have an authenticator app, else with their key."""
    if Authenticator.Type.TOTP in enrolled:
        return reverse("mfa_reauthenticate")
    return reverse("mfa_reauthenticate_webauthn")


class MFARequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or is_open(request):
            return None
        if is_second_factor_page(request):
            if session_passed_mfa(request):
                return None
            enrolled = second_factors(user)
            if not enrolled:
                return None  # enrolling the first one
            return self.refuse(request, enrolled)
        if not required_in_session(request) or session_passed_mfa(request):
            return None
        return self.refuse(request, second_factors(user))

    def refuse(self, request: HttpRequest, enrolled: set[str]) -> HttpResponse:
        """To enrolment (`enrolled` empty) or to confirming the second factor."""
        if _wants_json(request):
            if enrolled:
                detail = _(
                    "This session has not passed two-factor authentication: confirm it at %(url)s."
                ) % {"url": request.build_absolute_uri(confirm_url(enrolled))}
            else:
                detail = _("Two-factor authentication is required: set it up at %(url)s.") % {
                    "url": request.build_absolute_uri(reverse("mfa-required"))
                }
            return JsonResponse({"detail": detail, "code": "mfa_required"}, status=403)
        target = confirm_url(enrolled) if enrolled else reverse("mfa-required")
        if request.method == "GET":
            target = f"{target}?{urlencode({'next': request.get_full_path()})}"
        return HttpResponseRedirect(target)
