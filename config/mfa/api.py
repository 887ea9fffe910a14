"""The API's token door, held to the two-factor requirement.

A token is obtained with an e-mail address and password alone (`accounts.api.TokenView`),
so it is no second factor: a person who must use two-factor authentication
(`requirement.mfa_required`) is given none (`config.mfa.tokens.TokenView`, the view
config/urls.py serves) and cannot use one obtained before the requirement. They reach the API from a browser session
that passed the second factor (the middleware checks session requests). Checked on
every token request, so a district switching the requirement on holds at once.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed

from .requirement import mfa_required

TOKEN_REFUSED = _(
    "Two-factor authentication is required for this account, and an API token is "
    "signed in with the password alone: use the API from a browser session that passed "
    "the second factor."
)


class MFATokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, key: str):
        user, token = super().authenticate_credentials(key)
        if mfa_required(user):
            raise AuthenticationFailed(str(TOKEN_REFUSED), code="mfa_required")
        return user, token
