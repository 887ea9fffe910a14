"""Addresses Cairn may fetch from on someone's say-so (a CASE package URL, a SIS's
OneRoster API): http(s) only, and, unless an operator allows it, hosts that resolve to
public addresses only, so that a URL typed into a form cannot make Cairn read a service
on its own network (loopback, private ranges, link-local metadata endpoints)."""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit


class UnsafeURL(ValueError):
    """The URL may not be fetched; the message says why, fit to show."""


def check_fetch_url(url: str, *, allow_private: bool = False, what: str = "data") -> str:
    """The URL, stripped, if Cairn may fetch it; else `UnsafeURL` saying why.

    `what` names what is fetched, for the message ("packages", "rosters")."""
    url = (url or "").strip()
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise UnsafeURL("Only http:// and https:// addresses can be fetched.")
    if allow_private:
        return url
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or None, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise UnsafeURL(f"The host {parts.hostname} cannot be found.") from exc
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        if not address.is_global:
            raise UnsafeURL(
                f"The host {parts.hostname} is on a private network; Cairn fetches "
                f"{what} from public addresses only."
            )
    return url
