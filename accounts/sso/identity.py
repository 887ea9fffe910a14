"""Who a provider says signed in, in one shape for every kind of provider.

Each kind reads its own claims (`accounts.sso.claims` for Google, Microsoft, Clever and
OpenID Connect; `accounts.sso.saml` for SAML 2.0) into an `SsoIdentity`; matching the
person to an account (`accounts.sso.matching`) reads only this.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class SsoIdentity:
    # The provider's stable id for the person (OIDC `sub`, Clever id, SAML NameID).
    uid: str
    email: str = ""
    # True only when the provider vouches for the address (OIDC and Google
    # `email_verified`, Entra ID's tenant or verified domain, a SAML attribute).
    email_verified: bool = False
    # The roster identifier (IdentityProvider.roster_claim), when the provider sent one.
    roster_value: str = ""
    # True only when the sign-in comes from the issuer the district's row names (Clever:
    # the row's district; Entra ID: the row's one tenant; Google: a Workspace domain
    # (`hd`) among the row's allowed domains, or any when it names none; SAML and
    # OpenID Connect: the row's own IdP). The roster identifier counts only then.
    trusted_issuer: bool = False
    given_name: str = ""
    family_name: str = ""
    name: str = ""
    # The provider reported a multi-factor sign-in (OIDC `amr`, SAML AuthnContext).
    mfa: bool = False
    # Anything else the checks need (Google `hd`, Entra `tid`), by claim name.
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def domain(self) -> str:
        return self.email.rpartition("@")[2].lower() if "@" in self.email else ""
