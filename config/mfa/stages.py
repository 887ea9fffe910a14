"""allauth's second-factor login stage, told about trusted single sign-on.

allauth asks anyone who has an authenticator for it at every sign-in, single sign-on
included (its login stages run after a social login too). Where the district's
identity provider reported the sign-in as multi-factor and the district trusts it
(`accounts.sso.SESSION_IDP_MFA`, set by the single sign-on before allauth's stages
run, and bound to it: `requirement.idp_mfa_counts`), Cairn does not ask a second time. `adapters.AccountAdapter.get_login_stages`
puts this stage in the place of allauth's.
"""

from __future__ import annotations

from allauth.mfa.stages import AuthenticateStage as AllauthAuthenticateStage
from django.http import HttpRequest

from .requirement import idp_mfa_counts


def signed_in_by_trusted_idp_mfa(request: HttpRequest, user) -> bool:
    """Is the sign-in under way a single sign-on whose provider's multi-factor sign-in
    the district counts? (The last step allauth recorded for this user is the single
    sign-on, and the flag is set and bound to it.)"""
    return idp_mfa_counts(request, user, last_step=True)


class AuthenticateStage(AllauthAuthenticateStage):
    def _should_handle(self, request: HttpRequest) -> bool:
        if signed_in_by_trusted_idp_mfa(request, self.login.user):
            return False
        return super()._should_handle(request)
