"""An IdP's SAML metadata, pasted or fetched, read into the few values Cairn needs.

Fetching follows the CASE import's rule: http(s) only, a time limit and a size cap,
and unless `settings.SSO_METADATA_ALLOW_PRIVATE` the host must resolve to public
addresses only, so that a metadata URL cannot make Cairn read its own network.
Fetched metadata is cached (4 hours; a stale copy is kept for 30 days and used while
the IdP cannot be reached; a failure is remembered for 5 minutes).
"""

from __future__ import annotations

import hashlib
import ipaddress
import logging
import socket
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from onelogin.saml2.constants import OneLogin_Saml2_Constants
from onelogin.saml2.idp_metadata_parser import OneLogin_Saml2_IdPMetadataParser
from onelogin.saml2.xml_utils import OneLogin_Saml2_XML

from .certs import current_cert

logger = logging.getLogger(__name__)

MAX_BYTES = 5 * 1024 * 1024
TIMEOUT = 10.0
FRESH_SECONDS = 4 * 3600
STALE_SECONDS = 30 * 24 * 3600
FAILED_SECONDS = 5 * 60


def parse_metadata_xml(xml: str | bytes, *, entity_id: str = "") -> dict[str, str]:
    """{entity_id, sso_url, slo_url, x509cert} from IdP metadata; else ValidationError."""
    try:
        OneLogin_Saml2_XML.to_etree(xml)
    except Exception as exc:  # lxml and defusedxml raise several kinds
        raise ValidationError(
            "The IdP metadata cannot be read as XML (%(reason)s).",
            code="metadata_unreadable",
            params={"reason": str(exc)[:200] or type(exc).__name__},
        ) from exc
    try:
        parsed = OneLogin_Saml2_IdPMetadataParser.parse(
            xml,
            required_sso_binding=OneLogin_Saml2_Constants.BINDING_HTTP_REDIRECT,
            entity_id=entity_id or None,
        )
    except Exception as exc:  # an element python3-saml expects is empty or malformed
        raise ValidationError(
            "The IdP metadata is XML but not metadata Cairn can use (%(reason)s).",
            code="metadata_invalid",
            params={"reason": str(exc)[:200] or type(exc).__name__},
        ) from exc
    idp = parsed.get("idp") or {}
    if not idp.get("entityId"):
        which = f" for {entity_id}" if entity_id else ""
        raise ValidationError(
            f"The metadata has no IdP (IDPSSODescriptor){which}.", code="metadata_no_idp"
        )
    sso = (idp.get("singleSignOnService") or {}).get("url", "")
    if not sso:
        raise ValidationError(
            "The IdP metadata has no single sign-on address with the HTTP-Redirect binding.",
            code="metadata_no_sso",
        )
    certs = (idp.get("x509certMulti") or {}).get("signing") or []
    cert = idp.get("x509cert") or current_cert(certs)
    if not cert:
        raise ValidationError(
            "The IdP metadata has no signing certificate.", code="metadata_no_cert"
        )
    return {
        "entity_id": idp["entityId"],
        "sso_url": sso,
        "slo_url": (idp.get("singleLogoutService") or {}).get("url", ""),
        "x509cert": cert,
    }


def check_url(url: str, *, allow_private: bool) -> str:
    """The URL, stripped, if Cairn may fetch it; else ValidationError."""
    url = (url or "").strip()
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise ValidationError(
            "The metadata URL must start with https:// (or http://).", code="metadata_url"
        )
    if allow_private:
        return url
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or None, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise ValidationError(
            "The host %(host)s cannot be found.",
            code="metadata_host",
            params={"host": parts.hostname},
        ) from exc
    for info in infos:
        if not ipaddress.ip_address(info[4][0].split("%")[0]).is_global:
            raise ValidationError(
                "The host %(host)s is on a private network; Cairn fetches IdP metadata "
                "from public addresses only (an operator can allow private ones with "
                "SSO_METADATA_ALLOW_PRIVATE).",
                code="metadata_private",
                params={"host": parts.hostname},
            )
    return url


class _Redirects(urllib.request.HTTPRedirectHandler):
    def __init__(self, allow_private: bool) -> None:
        self.allow_private = allow_private

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        check_url(newurl, allow_private=self.allow_private)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch_metadata(url: str) -> bytes:
    """The metadata document at `url`; ValidationError saying why it cannot be had."""
    allow_private = getattr(settings, "SSO_METADATA_ALLOW_PRIVATE", False)
    url = check_url(url, allow_private=allow_private)
    handlers: list[urllib.request.BaseHandler] = [_Redirects(allow_private)]
    if allow_private:
        handlers.append(urllib.request.ProxyHandler({}))
    opener = urllib.request.build_opener(*handlers)
    request = urllib.request.Request(  # noqa: S310 (the scheme is checked above)
        url, headers={"Accept": "application/samlmetadata+xml, application/xml, text/xml"}
    )
    try:
        with opener.open(request, timeout=TIMEOUT) as answer:
            body = answer.read(MAX_BYTES + 1)
    except urllib.error.HTTPError as exc:
        raise ValidationError(
            "The metadata URL answered %(code)s.", code="metadata_http", params={"code": exc.code}
        ) from exc
    except (OSError, ValueError) as exc:
        raise ValidationError(
            "The metadata URL could not be reached (%(reason)s).",
            code="metadata_unreachable",
            params={"reason": str(getattr(exc, "reason", exc))[:200]},
        ) from exc
    if len(body) > MAX_BYTES:
        raise ValidationError("The metadata is larger than 5 MB.", code="metadata_too_big")
    return body


def _cache_key(url: str, entity_id: str, which: str) -> str:
    digest = hashlib.sha256(f"{url}\n{entity_id}".encode()).hexdigest()
    return f"cairn.saml.metadata.{which}.{digest}"


def remote_metadata(url: str, *, entity_id: str = "", refresh: bool = False) -> dict[str, str]:
    """The parsed metadata at `url`, from the cache when fresh; ValidationError if it
    can be neither fetched nor found stale in the cache. `refresh` (the console's check)
    always fetches; otherwise a failed fetch is not retried for FAILED_SECONDS, so that
    an IdP that is down does not hold up every page that lists the sign-in buttons."""
    fresh_key, stale_key = _cache_key(url, entity_id, "fresh"), _cache_key(url, entity_id, "stale")
    failed_key = _cache_key(url, entity_id, "failed")
    if not refresh:
        if found := cache.get(fresh_key):
            return found
        if failed := cache.get(failed_key):
            if stale := cache.get(stale_key):
                return stale
            raise ValidationError(failed, code="metadata_unreachable")
    try:
        parsed = parse_metadata_xml(fetch_metadata(url), entity_id=entity_id)
    except ValidationError as exc:
        cache.set(failed_key, " ".join(exc.messages), FAILED_SECONDS)
        if not refresh and (stale := cache.get(stale_key)):
            logger.warning("SAML metadata %s cannot be refreshed; using the last copy", url)
            return stale
        raise
    cache.delete(failed_key)
    cache.set(fresh_key, parsed, FRESH_SECONDS)
    cache.set(stale_key, parsed, STALE_SECONDS)
    return parsed
