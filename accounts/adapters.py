from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from core.ratelimits import login_attempts_key

from . import invitations
from .sso.adapter import remember_sign_in
from .sso.selectors import password_refusal


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
        # allauth keys the failed sign-in limit ("login_failed", ".../key") by the host
        # name and the address, so anyone could lock anyone out (and each allowed host
        # name counted apart); Cairn keys it by the address and the client's IP together.
        # A password reset clears it (allauth) for the IP the reset was made from.
        login = credentials.get("email", credentials.get("username", ""))
        return login_attempts_key(request, str(login or ""))

    # Single sign-on (accounts.sso): a district may switch password sign-in off.

    def authenticate(self, request: HttpRequest, **credentials):
        """The password sign-in (the login form, which the Django admin's login uses
        too): refused, after a correct password only, for people whose districts sign
        in through their provider; the message names the provider's button."""
        user = super().authenticate(request, **credentials)
        refusal = password_refusal(user) if user is not None else None
        if refusal is not None:
            raise ValidationError(refusal.message(), code="password_sign_in_off")
        return user

    def pre_login(self, request: HttpRequest, user, **kwargs):
        response = super().pre_login(request, user, **kwargs)
        if response is None:
            remember_sign_in(request, kwargs.get("signal_kwargs"))
        return response

    def send_password_reset_mail(self, user, email: str, context: dict) -> None:
        """No reset link for someone who may not sign in with a password: a mail that
        says how they sign in instead."""
        refusal = password_refusal(user)
        if refusal is None:
            return super().send_password_reset_mail(user, email, context)
        context = {**context, "refusal": refusal.mail_message()}
        return self.send_mail("account/email/password_reset_sso", email, context)
