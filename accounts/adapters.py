from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from core.ratelimits import login_attempts_key

from . import invitations


def _signup_open_to_all() -> bool:
    return bool(getattr(settings, "ACCOUNT_ALLOW_SIGNUP", True))


class AccountAdapter(DefaultAccountAdapter):
    """Sign-up is open when the site allows it, or to someone following an invitation
    (`accounts.invitations`), who may then sign up with the invited address only.

    Badges awarded to an address become its owner's once the address is verified; that
    happens on allauth's and Django's signals, not here (see `pathways.receivers`).
    """

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        if _signup_open_to_all():
            return True
        return invitations.invited_email_of(request) is not None

    def clean_email(self, email: str) -> str:
        email = super().clean_email(email)
        request = getattr(self, "request", None)
        if request is None or _signup_open_to_all() or request.path != reverse("account_signup"):
            return email
        invited = invitations.invited_email_of(request)
        if invited is not None and email.strip().lower() != invited:
            raise ValidationError(
                _("This invitation is for %(invited)s; sign up with that address.")
                % {"invited": invited},
                code="invited_address_only",
            )
        return email

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials) -> str:
        # allauth keys the failed sign-in limit ("login_failed", ".../key") by the address
        # alone, so anyone could lock anyone out; Cairn keys it by address and IP together.
        # A password reset clears it (allauth) for the IP the reset was made from.
        return login_attempts_key(
            request, super()._get_login_attempts_cache_key(request, **credentials)
        )
