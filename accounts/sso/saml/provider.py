"""allauth's SAML provider, keeping what the assertion says about the sign-in itself.

allauth keeps only the attributes of a SAML assertion; Cairn also needs the NameID and
the AuthnContextClassRef (a multi-factor sign-in). Registered in place of allauth's
class by `SOCIALACCOUNT_PROVIDERS["saml"]["provider_class"]`; the URLs, views and
provider id stay allauth's.
"""

from __future__ import annotations

from allauth.socialaccount.providers.saml.provider import SAMLProvider

# The key in SocialAccount.extra_data under which the sign-in's own facts are kept
# (not an attribute name any IdP sends: those are URIs, OIDs or plain words).
SIGN_IN_KEY = "cairn:saml"


class CairnSAMLProvider(SAMLProvider):
    package = "allauth.socialaccount.providers.saml"

    def extract_extra_data(self, data):
        extra = dict(super().extract_extra_data(data))
        extra[SIGN_IN_KEY] = {
            "name_id": data.get_nameid() or "",
            "name_id_format": data.get_nameid_format() or "",
            "authn_contexts": list(data.get_last_authn_contexts() or []),
            "issuer": (self.app.settings.get("idp") or {}).get("entity_id", ""),
        }
        return extra


provider_classes = [CairnSAMLProvider]
