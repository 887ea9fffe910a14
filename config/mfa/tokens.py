"""The token endpoint config/urls.py serves: accounts' TokenView, which also refuses a
token to a person who must use two-factor authentication (a token is no second factor).
Apart from `api.py` because DRF imports that module while its own views load."""

from __future__ import annotations

from accounts.api import TokenView as AccountTokenView

from .api import TOKEN_REFUSED
from .requirement import mfa_required


class TokenView(AccountTokenView):
    def refusal(self, user) -> str | None:
        refusal = super().refusal(user)
        if refusal is None and mfa_required(user):
            return str(TOKEN_REFUSED)
        return refusal
