"""Signing in to Cairn through a loopback IdP: Cairn through Django's test client,
the person's browser at the IdP over real HTTP (`tests.sso.loopback_idp`)."""

from __future__ import annotations

import secrets

from django.urls import reverse

from accounts.models import IdentityProvider

from .loopback_idp import CLEVER_SCOPES, LoopbackIdP, relative

Kind = IdentityProvider.Kind


def callback_path(idp: IdentityProvider) -> str:
    name = "cairn_clever_callback" if idp.kind == Kind.CLEVER else "cairn_oidc_callback"
    return reverse(name, kwargs={"provider_id": idp.slug})


def login_path(idp: IdentityProvider) -> str:
    name = "cairn_clever_login" if idp.kind == Kind.CLEVER else "cairn_oidc_login"
    return reverse(name, kwargs={"provider_id": idp.slug})


def connect(
    server: LoopbackIdP,
    *,
    district,
    kind: str,
    slug: str,
    settings: dict | None = None,
    origin: str = "http://testserver",
    **fields,
) -> IdentityProvider:
    """An IdentityProvider row of `district` whose app is registered at the IdP (the
    redirect URI on `origin`); the client secret sealed as the console seals it."""
    secret = secrets.token_urlsafe(16)
    idp = IdentityProvider(
        district=district,
        kind=kind,
        slug=slug,
        name=fields.pop("name", f"{district.name} sign-in"),
        client_id=f"{slug}-client",
        settings=settings or {},
        **fields,
    )
    idp.seal_secret(secret)
    idp.save()
    scopes = CLEVER_SCOPES if kind == Kind.CLEVER else ["openid", "profile", "email"]
    server.setup(
        clients=[
            {
                "id": idp.client_id,
                "secret": secret,
                "redirect_uris": [origin + callback_path(idp)],
                "scopes": scopes,
            }
        ]
    )
    return idp


def sign_in(client, server: LoopbackIdP, idp: IdentityProvider, username: str):
    """The whole sign-in: the button's POST, the IdP's authorize (signed in there as
    `username`), Cairn's callback; returns Cairn's last response (redirects followed)."""
    start = client.post(login_path(idp))
    assert start.status_code == 302, start.content[:500]
    assert start["Location"].startswith(server.url)
    callback = server.authorize(server.browser(username), start["Location"])
    assert callback.startswith("http://testserver" + callback_path(idp)), callback
    return client.get(relative(callback), follow=True)


def signed_in_user_id(client) -> str | None:
    return client.session.get("_auth_user_id")
