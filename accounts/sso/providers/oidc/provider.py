"""The `cairn_oidc` provider: one allauth app per Google, Microsoft or OIDC row."""

from allauth.socialaccount.providers.openid_connect.provider import OpenIDConnectProvider

from .views import CairnOIDCAdapter


class CairnOIDCProvider(OpenIDConnectProvider):
    id = "cairn_oidc"
    name = "OpenID Connect"
    oauth2_adapter_class = CairnOIDCAdapter
    # Sign-in by a token a client brings (allauth's headless API) is not offered: it
    # would skip the multi-tenant issuer check.
    supports_token_authentication = False
    pkce_enabled_default = True


provider_classes = [CairnOIDCProvider]
