"""The OpenID Connect flow for Google, Microsoft Entra ID and any OIDC issuer.

allauth's `openid_connect` adapter, with three changes:
- the id_token's signature is always checked against the issuer's JWKS (allauth skips
  it when the token came straight from the token endpoint, which the OIDC spec allows
  over TLS; Cairn checks anyway, so a tampered token is refused however it arrives);
- an Entra ID multi-tenant issuer (`https://login.microsoftonline.com/{tenantid}/v2.0`
  in the discovery document) is accepted only with the token's own `tid` in it;
- the id_token is required and kept next to userinfo, whose `sub` must be the same
  person's (`accounts.sso.claims` reads the claims only the id_token carries).
"""

from __future__ import annotations

import logging
import re

import jwt
import requests
from allauth.account.internal.decorators import login_not_required
from allauth.socialaccount.internal import jwtkit
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView, OAuth2LoginView
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from allauth.utils import build_absolute_uri
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

logger = logging.getLogger(__name__)

TENANT_PLACEHOLDER = "{tenantid}"
# An Entra ID tenant id is a GUID; nothing else may be put into the issuer.
TENANT_ID = re.compile(r"[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}")


def expected_issuer(discovered: str, id_token: str) -> str:
    """The issuer this id_token must name: the discovered one, or for a multi-tenant
    Entra ID app the discovered template filled with the token's own `tid`."""
    if TENANT_PLACEHOLDER not in discovered:
        return discovered
    try:
        tid = jwt.decode(id_token, options={"verify_signature": False}).get("tid")
    except jwt.PyJWTError as e:
        raise OAuth2Error("Invalid id_token") from e
    if not isinstance(tid, str) or not TENANT_ID.fullmatch(tid):
        raise OAuth2Error("The id_token names no Entra ID tenant (tid).")
    return discovered.replace(TENANT_PLACEHOLDER, tid)


class CairnOIDCAdapter(OpenIDConnectOAuth2Adapter):
    def complete_login(self, request: HttpRequest, app, token, **kwargs):
        id_token_str = kwargs["response"].get("id_token")
        if not id_token_str:
            raise OAuth2Error("The provider sent no id_token.")
        id_token = self._decode_id_token(app, id_token_str)
        data: dict = {"id_token": id_token}
        if app.settings.get("fetch_userinfo", True):
            userinfo = self._fetch_user_info(token.token)
            if str(userinfo.get("sub")) != str(id_token.get("sub")):
                raise OAuth2Error("userinfo is about someone other than the id_token.")
            data["userinfo"] = userinfo
        return self.get_provider().sociallogin_from_response(request, data)

    def _decode_id_token(self, app: SocialApp, id_token: str) -> dict:
        issuer = expected_issuer(self.openid_config["issuer"], id_token)
        issuers = [issuer, *app.settings.get("extra_issuers", [])]
        return jwtkit.verify_and_decode(
            credential=id_token,
            keys_url=self.openid_config["jwks_uri"],
            issuer=issuers,
            audience=app.client_id,
            lookup_kid=jwtkit.lookup_kid_jwk,
            verify_signature=True,
        )

    def get_callback_url(self, request: HttpRequest, app):
        url = reverse("cairn_oidc_callback", kwargs={"provider_id": self.provider_id})
        return build_absolute_uri(request, url, self.redirect_uri_protocol)


def _unreachable(request: HttpRequest, adapter: CairnOIDCAdapter, exc: Exception) -> HttpResponse:
    """The provider's discovery document could not be read (down, mistyped issuer, TLS):
    say so instead of failing with a server error."""
    app = adapter.get_provider().app
    logger.warning("OpenID Connect discovery failed for %s: %s", app.provider_id, exc)
    return render(
        request,
        "socialaccount/provider_unreachable.html",
        {"provider_name": app.name},
        status=502,
    )


@login_not_required
def login(request: HttpRequest, provider_id: str):
    try:
        adapter = CairnOIDCAdapter(request, provider_id)
        view = OAuth2LoginView.adapter_view(adapter)
    except SocialApp.DoesNotExist:
        raise Http404 from None
    try:
        return view(request)
    except (requests.RequestException, ValueError, KeyError) as exc:
        return _unreachable(request, adapter, exc)


@login_not_required
def callback(request: HttpRequest, provider_id: str):
    try:
        return OAuth2CallbackView.adapter_view(CairnOIDCAdapter(request, provider_id))(request)
    except SocialApp.DoesNotExist:
        raise Http404 from None
