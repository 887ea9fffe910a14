"""SAML 2.0 single sign-on (AD FS, ClassLink, Shibboleth) through allauth's SAML provider
and python3-saml: an IdentityProvider's settings checked (`saml_settings_check`), turned
into allauth's app settings (`saml_app_settings`), and an assertion read into an
`SsoIdentity` (`saml_identity`)."""

from .config import saml_app_settings, saml_settings_check
from .identity import saml_identity

__all__ = ["saml_app_settings", "saml_identity", "saml_settings_check"]
