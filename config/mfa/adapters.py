"""The allauth adapters the two-factor requirement needs.

- `AccountAdapter` (ACCOUNT_ADAPTER): Cairn's account adapter with the second-factor
  login stage that counts a trusted provider's multi-factor sign-in (`stages`), and
  that binds the provider's flag to the sign-in that set it (`requirement.bind_idp_mfa`).
- `MFAAdapter` (MFA_ADAPTER): authenticator-app secrets and recovery-code seeds sealed
  at rest (`core.secrets`; allauth keeps them in the clear by default).

Removing one's last second factor is allowed (allauth offers no such check for keys);
a person who must use one is walked through enrolment again at their next sign-in.
"""

from __future__ import annotations

from allauth.mfa.adapter import DefaultMFAAdapter

from accounts.adapters import AccountAdapter as CairnAccountAdapter
from core.secrets import seal, unseal

from .requirement import bind_idp_mfa

ALLAUTH_STAGE = "allauth.mfa.stages.AuthenticateStage"
CAIRN_STAGE = "config.mfa.stages.AuthenticateStage"
SEAL_CONTEXT = "allauth.mfa"


class AccountAdapter(CairnAccountAdapter):
    def get_login_stages(self) -> list[str]:
        return [
            CAIRN_STAGE if path == ALLAUTH_STAGE else path for path in super().get_login_stages()
        ]

    def pre_login(self, request, user, **kwargs):
        response = super().pre_login(request, user, **kwargs)
        if response is None:
            bind_idp_mfa(request, user)
        return response


class MFAAdapter(DefaultMFAAdapter):
    def encrypt(self, text: str) -> str:
        return seal(text, context=SEAL_CONTEXT)

    def decrypt(self, encrypted_text: str) -> str:
        return unseal(encrypted_text, context=SEAL_CONTEXT)
