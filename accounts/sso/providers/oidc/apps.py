from django.apps import AppConfig


class OidcProviderConfig(AppConfig):
    name = "accounts.sso.providers.oidc"
    label = "cairn_oidc"
    verbose_name = "Single sign-on: OpenID Connect"
