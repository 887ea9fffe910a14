"""The addresses Cairn's server fetches from for a sign-in provider: OpenID Connect
discovery and keys, the token exchange (with the client secret), userinfo, Clever's
API. A district admin types them, so each is checked when a row is saved
(`accounts.sso.services`) and again at each fetch (the adapter's requests session):
https, at a host that resolves to public addresses only (`core.net.check_fetch_url`),
so that a provider's address cannot make Cairn read a service on its own network.
The operator's `SSO_ALLOW_PRIVATE` allows plain http and private or loopback hosts
(a lab, the tests' own IdP on 127.0.0.1)."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

from core.net import UnsafeURL, check_fetch_url


def sso_allow_private() -> bool:
    return bool(getattr(settings, "SSO_ALLOW_PRIVATE", False))


def check_sso_url(value: str, *, label: str = "") -> str:
    """The address, stripped, if Cairn may fetch sign-in data from it; else `UnsafeURL`
    with a message that names it (`label`) and says why."""
    value = (value or "").strip()
    label = label or _("The provider's address")
    allow_private = sso_allow_private()
    parts = urlsplit(value)
    if parts.scheme not in ("https", "http") or not parts.netloc:
        raise UnsafeURL(_("%(label)s must be a web address (https://…).") % {"label": label})
    if parts.scheme != "https" and not allow_private:
        raise UnsafeURL(_("%(label)s must be an https:// address.") % {"label": label})
    try:
        return check_fetch_url(value, allow_private=allow_private, what=_("sign-in data"))
    except UnsafeURL as exc:
        raise UnsafeURL(f"{label}: {exc}") from None
