"""The allauth adapters the two-factor requirement needs.

- `AccountAdapter` (ACCOUNT_ADAPTER): Cairn's account adapter with the second-factor
  login stage that counts a trusted provider's multi-factor sign-in (`stages`).
- `MFAAdapter` (MFA_ADAPTER): authenticator-app secrets and recovery-code seeds sealed
  at rest (`core.secrets`; allauth keeps them in the clear by default), and a person
  who must use two-factor authentication cannot remove their last second factor.
"""

from __future__ import annotations

from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator

from accounts.adapters import AccountAdapter as CairnAccountAdapter
from core.secrets import seal, unseal

from .requirement import SECOND_FACTORS, mfa_required

ALLAUTH_STAGE = "allauth.mfa.stages.AuthenticateStage"
CAIRN_STAGE = "config.mfa.stages.AuthenticateStage"
SEAL_CONTEXT = "allauth.mfa"


class AccountAdapter(CairnAccountAdapter):
    def get_login_stages(self) -> list[str]:
        return [
            CAIRN_STAGE if path == ALLAUTH_STAGE else path for path in super().get_login_stages()
        ]


class MFAAdapter(DefaultMFAAdapter):
    def encrypt(self, text: str) -> str:
        return seal(text, context=SEAL_CONTEXT)

    def decrypt(self, encrypted_text: str) -> str:
        return unseal(encrypted_text, context=SEAL_CONTEXT)

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        if authenticator.type not in SECOND_FACTORS:
            return True
        others = Authenticator.objects.filter(
            user_id=authenticator.user_id, type__in=SECOND_FACTORS
        ).exclude(pk=authenticator.pk)
        return others.exists() or not mfa_required(authenticator.user)
