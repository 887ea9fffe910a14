"""The Clever sign-in (OAuth 2.0 and Clever's v3.0 API), per IdentityProvider row.

allauth's `clever` adapter has Clever's addresses fixed and one app per site; this one
is addressed by the row's slug and reads its addresses from the row's settings
("authorize_url", "token_url", "api_url"), defaulting to Clever's own. Clever's token
endpoint takes the client id and secret by HTTP Basic authentication.
"""

from __future__ import annotations

from http import HTTPStatus

from allauth.account.internal.decorators import login_not_required
from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.clever.views import CleverOAuth2Adapter
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView, OAuth2LoginView
from allauth.utils import build_absolute_uri
from django.http import Http404, HttpRequest
from django.urls import reverse

CLEVER_AUTHORIZE_URL = "https://clever.com/oauth/authorize"
CLEVER_TOKEN_URL = "https://clever.com/oauth/tokens"  # noqa: S105 (an address)
CLEVER_API_URL = "https://api.clever.com"


class CairnCleverAdapter(CleverOAuth2Adapter):
    basic_auth = True

    def __init__(self, request: HttpRequest, provider_id: str) -> None:
        self.provider_id = provider_id
        super().__init__(request)

    def _setting(self, key: str, default: str) -> str:
        return (self.get_provider().app.settings.get(key) or default).rstrip("/")

    @property
    def authorize_url(self) -> str:
        return self._setting("authorize_url", CLEVER_AUTHORIZE_URL)

    @property
    def access_token_url(self) -> str:
        return self._setting("token_url", CLEVER_TOKEN_URL)

    @property
    def identity_url(self) -> str:
        return self._setting("api_url", CLEVER_API_URL) + "/v3.0/me"

    @property
    def user_details_url(self) -> str:
        return self._setting("api_url", CLEVER_API_URL) + "/v3.0/users"

    def get_data(self, token: str) -> dict:
        """Clever's user record (`/v3.0/users/<id>`), with `/v3.0/me` under "me"
        (who the token is for, and which district vouches for them)."""
        headers = {"Authorization": f"Bearer {token}"}
        with get_adapter().get_requests_session() as sess:
            resp = sess.get(self.identity_url, headers=headers)
            if resp.status_code != HTTPStatus.OK:
                raise OAuth2Error("Clever did not say who signed in.")
            me = resp.json()
            user_id = str(me["data"]["id"])
            resp = sess.get(f"{self.user_details_url}/{user_id}", headers=headers)
            resp.raise_for_status()
            details = resp.json()
        if str(details.get("data", {}).get("id")) != user_id:
            raise OAuth2Error("Clever's user record is about someone else.")
        return {**details, "me": me.get("data", {})}

    def get_callback_url(self, request: HttpRequest, app):
        url = reverse("cairn_clever_callback", kwargs={"provider_id": self.provider_id})
        return build_absolute_uri(request, url, self.redirect_uri_protocol)


@login_not_required
def login(request: HttpRequest, provider_id: str):
    try:
        return OAuth2LoginView.adapter_view(CairnCleverAdapter(request, provider_id))(request)
    except SocialApp.DoesNotExist:
        raise Http404 from None


@login_not_required
def callback(request: HttpRequest, provider_id: str):
    try:
        return OAuth2CallbackView.adapter_view(CairnCleverAdapter(request, provider_id))(request)
    except SocialApp.DoesNotExist:
        raise Http404 from None
