"""Cairn's own django-allauth providers, one allauth app per kind of IdentityProvider
row: `oidc` (Google, Microsoft Entra ID and any OpenID Connect issuer) and `clever`.

Both are addressed by the row's slug (allauth's `provider_id`), so any number of
districts can each have their own Google, Entra ID or Clever app; the rows become
allauth apps in `accounts.sso.apps.social_app`.
"""
