"""Each IdentityProvider row as the django-allauth app its kind signs in through.

The apps are built per request from the row (never stored in allauth's SocialApp
table): the client secret is unsealed from the row, and the allauth `provider_id` is
the row's slug, so the sign-in and callback addresses are

    Google, Microsoft, OIDC:  /accounts/sso/oidc/<slug>/login/  and …/login/callback/
    Clever:                   /accounts/sso/clever/<slug>/login/ and …/login/callback/
    SAML:                     allauth's SAML addresses (`accounts.sso.saml`)

Keys read from `IdentityProvider.settings` (all optional unless said):
- google:    "server_url" (default https://accounts.google.com)
- microsoft: "tenant" (a tenant id, "organizations" or "common"; default
             "organizations"), "server_url" (default
             https://login.microsoftonline.com/<tenant>/v2.0)
- oidc:      "server_url" (required: the issuer), "scope" (default openid profile
             email), "fetch_userinfo" (default true)
- clever:    "district_id" (the district's Clever id: e-mail is trusted only from it),
             "authorize_url", "token_url", "api_url" (default Clever's)
"""

from __future__ import annotations

from allauth.socialaccount.models import SocialApp

from accounts.models import IdentityProvider

OIDC_PROVIDER = "cairn_oidc"
CLEVER_PROVIDER = "cairn_clever"
SAML_PROVIDER = "saml"

GOOGLE_ISSUER = "https://accounts.google.com"
MICROSOFT_LOGIN = "https://login.microsoftonline.com"
# Entra ID tenants that are not one organization: any work or school account
# ("organizations"), or those and personal Microsoft accounts ("common").
MICROSOFT_MULTI_TENANT = ("organizations", "common")
DEFAULT_TENANT = "organizations"

Kind = IdentityProvider.Kind


def provider_of(kind: str) -> str:
    """The allauth provider (registry id) a kind of row signs in through."""
    if kind == Kind.CLEVER:
        return CLEVER_PROVIDER
    if kind == Kind.SAML:
        return SAML_PROVIDER
    return OIDC_PROVIDER


def provider_id_of(idp: IdentityProvider) -> str:
    """allauth's `provider_id` for the row: `{% provider_login_url provider_id %}`,
    `SocialAccount.provider` and the sign-in addresses use it."""
    return idp.slug


def microsoft_tenant(idp: IdentityProvider) -> str:
    return str(idp.settings.get("tenant") or DEFAULT_TENANT).strip()


def is_single_tenant(idp: IdentityProvider) -> bool:
    """A Microsoft row bound to one tenant (its id), not organizations/common."""
    tenant = microsoft_tenant(idp).lower()
    return tenant not in (*MICROSOFT_MULTI_TENANT, "consumers")


def _oidc_settings(idp: IdentityProvider) -> dict:
    conf = idp.settings or {}
    settings: dict = {"oauth_pkce_enabled": True}
    if idp.kind == Kind.GOOGLE:
        settings["server_url"] = conf.get("server_url") or GOOGLE_ISSUER
        if settings["server_url"] == GOOGLE_ISSUER:
            # Google's id_tokens name their issuer with or without the scheme.
            settings["extra_issuers"] = ["accounts.google.com"]
        # The id_token carries every claim Cairn reads (email_verified, hd).
        settings["fetch_userinfo"] = False
    elif idp.kind == Kind.MICROSOFT:
        tenant = microsoft_tenant(idp)
        settings["server_url"] = conf.get("server_url") or f"{MICROSOFT_LOGIN}/{tenant}/v2.0"
        # Entra ID's userinfo lives on Microsoft Graph and lacks tid and xms_edov.
        settings["fetch_userinfo"] = False
    else:
        settings["server_url"] = conf.get("server_url", "")
        settings["fetch_userinfo"] = bool(conf.get("fetch_userinfo", True))
        if conf.get("scope"):
            settings["scope"] = list(conf["scope"])
    return settings


def _clever_settings(idp: IdentityProvider) -> dict:
    conf = idp.settings or {}
    keys = ("district_id", "authorize_url", "token_url", "api_url")
    return {key: conf[key] for key in keys if conf.get(key)}


def social_app(idp: IdentityProvider) -> SocialApp:
    """The unsaved allauth app for the row: provider, provider_id (the slug), button
    name, client id, the unsealed secret and the kind's settings."""
    if idp.kind == Kind.SAML:
        from .saml import saml_app_settings

        settings = saml_app_settings(idp)
    elif idp.kind == Kind.CLEVER:
        settings = _clever_settings(idp)
    else:
        settings = _oidc_settings(idp)
    return SocialApp(
        provider=provider_of(idp.kind),
        provider_id=provider_id_of(idp),
        name=idp.name,
        # allauth's SAML views find their app by client_id = the URL's slug.
        client_id=idp.slug if idp.kind == Kind.SAML else idp.client_id,
        secret=idp.secret(),
        settings=settings,
    )
