"""django-allauth's social account adapter for Cairn.

- The provider apps are the districts' enabled `IdentityProvider` rows, built per
  request (`accounts.sso.apps.social_app`); allauth's SocialApp table is not used.
- At each sign-in (`pre_social_login`) the person is matched to an account by Cairn's
  rules (`accounts.sso.matching`), never by allauth's own e-mail matching or sign-up
  form: matched, the provider account is connected to that account; a new account is
  made only where the provider creates accounts at first sign-in; otherwise the sign-in
  is refused with a page (403) that says why and what to do.
- Which provider the session signed in through, and whether it counts as the district's
  second factor, ride on the sign-in's state to `AccountAdapter.pre_login`, which puts
  them in the session (`accounts.sso.SESSION_IDP`, `SESSION_IDP_MFA`).
- The match, the new account and the connection are one transaction; two first
  sign-ins of one person at once (the second trips over the first's account) are
  matched again, once.
- Whatever allauth fetches (discovery, keys, tokens, Clever's API) goes through
  `get_requests_session`, which checks each address as the providers' form does
  (`accounts.sso.addresses.check_sso_url`: https at a public host unless
  `SSO_ALLOW_PRIVATE`).
"""

from __future__ import annotations

from typing import Any

from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialApp, SocialLogin
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.shortcuts import render

from core.net import UnsafeURL

from ..models import IdentityProvider, User
from . import SESSION_IDP, SESSION_IDP_MFA, services
from .addresses import check_sso_url
from .identity import SsoIdentity
from .matching import SsoRefused

# Keys of `SocialLogin.state` (kept through allauth's login stages).
STATE_IDP = "cairn_idp"
STATE_IDP_MFA = "cairn_idp_mfa"


def _enabled_providers(provider: str | None, client_id: str | None) -> list[IdentityProvider]:
    """The enabled rows an allauth look-up may mean: by slug (allauth's provider_id, and
    a SAML app's client id) when one matches, else those of the allauth provider."""
    from .apps import provider_of

    rows = IdentityProvider.objects.filter(enabled=True).select_related("district")
    names = [name for name in (provider, client_id) if name]
    if names:
        named = list(rows.filter(slug__in=names))
        if named:
            return named
    if provider:
        kinds = [kind for kind in IdentityProvider.Kind.values if provider_of(kind) == provider]
        rows = rows.filter(kind__in=kinds)
    return list(rows)


def idp_of(sociallogin: SocialLogin) -> IdentityProvider | None:
    """The row a sign-in came through: allauth's provider id (and SocialAccount.provider)
    is the row's slug."""
    app = getattr(sociallogin.provider, "app", None)
    slug = (getattr(app, "provider_id", "") or "") or sociallogin.account.provider
    return IdentityProvider.objects.select_related("district").filter(slug=slug).first()


def refusal_page(request: HttpRequest, message: str, idp: IdentityProvider | None):
    return render(
        request,
        "socialaccount/sso_refused.html",
        {"message": message, "idp": idp},
        status=403,
    )


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def list_apps(
        self, request: HttpRequest | None, provider: str | None = None, client_id: str | None = None
    ) -> list[SocialApp]:
        from .apps import social_app

        apps = []
        for idp in _enabled_providers(provider, client_id):
            app = social_app(idp)
            if provider and provider not in (app.provider, app.provider_id):
                continue
            if client_id and app.client_id != client_id:
                continue
            apps.append(app)
        return apps

    def identity_of(self, sociallogin: SocialLogin):
        from .claims import sso_identity

        return sso_identity(sociallogin)

    def pre_social_login(self, request: HttpRequest, sociallogin: SocialLogin) -> None:
        idp = idp_of(sociallogin)
        if idp is None:
            raise ImmediateHttpResponse(
                refusal_page(
                    request,
                    "Cairn does not know this sign-in provider. Ask your school's Cairn "
                    "administrator.",
                    None,
                )
            )
        identity = self.identity_of(sociallogin)
        try:
            refusal = self._resolve_and_connect(request, sociallogin, idp, identity)
        except IntegrityError:
            # Another sign-in of the same person made the account or connected it
            # between our match and our write: match again (it is found now).
            refusal = self._resolve_and_connect(request, sociallogin, idp, identity, again=True)
        if refusal is not None:
            raise ImmediateHttpResponse(refusal_page(request, refusal.message, idp))
        sociallogin.state[STATE_IDP] = str(idp.public_id)
        sociallogin.state[STATE_IDP_MFA] = bool(identity.mfa and idp.trust_idp_mfa)

    def _resolve_and_connect(
        self,
        request: HttpRequest,
        sociallogin: SocialLogin,
        idp: IdentityProvider,
        identity: SsoIdentity,
        *,
        again: bool = False,
    ) -> SsoRefused | None:
        """Match, make the account where allowed, connect: one transaction. A refusal
        is returned (its audit record kept), not raised."""
        with transaction.atomic():
            try:
                found = services.sso_sign_in_resolve(idp=idp, identity=identity)
            except SsoRefused as refusal:
                return refusal
            if again and found.via == "connected":
                # The connection the other sign-in made (our own write was undone).
                sociallogin.user = User()
                sociallogin.lookup()
                return None
            if sociallogin.is_existing:
                return None
            sociallogin.connect(request, found.user)
            services.sso_connection_record(
                idp=idp, user=found.user, via=found.via, uid=identity.uid
            )
        return None

    def get_requests_session(self):
        import requests

        session = super().get_requests_session()
        send = session.request

        def checked(method: str, url: str, *args: Any, **kwargs: Any):
            try:
                check_sso_url(str(url))
            except UnsafeURL as exc:
                raise requests.exceptions.InvalidURL(str(exc)) from None
            return send(method, url, *args, **kwargs)

        session.request = checked
        return session

    def is_open_for_signup(self, request: HttpRequest, sociallogin: SocialLogin) -> bool:
        # New accounts at first sign-in are made by `pre_social_login` (where the
        # provider allows it); allauth's own sign-up never runs for a single sign-on.
        return False

    def is_auto_signup_allowed(self, request: HttpRequest, sociallogin: SocialLogin) -> bool:
        return False


def remember_sign_in(request: HttpRequest, signal_kwargs: dict[str, Any] | None) -> None:
    """Put the provider of this sign-in (and whether it counts as a second factor) in the
    session; a sign-in not through a provider clears both."""
    sociallogin = (signal_kwargs or {}).get("sociallogin")
    state = getattr(sociallogin, "state", None) or {}
    if state.get(STATE_IDP):
        request.session[SESSION_IDP] = state[STATE_IDP]
        request.session[SESSION_IDP_MFA] = bool(state.get(STATE_IDP_MFA))
    else:
        request.session.pop(SESSION_IDP, None)
        request.session.pop(SESSION_IDP_MFA, None)


__all__ = ["SocialAccountAdapter", "idp_of", "remember_sign_in"]
