"""Fetch a CFPackage from a CASE 1.1 REST endpoint (`…/ims/case/v1p1/CFPackages/{id}`,
as OpenSALT and the CASE Network serve it) with the standard library.

Only http(s) URLs, redirects only to http(s); a total time limit and a size cap; the
answer must say it is JSON. Unless `allow_private` (tests, a school network's own
server), the host must resolve to public addresses only, so that a URL cannot make
Cairn read a service on its own network.
"""

from __future__ import annotations

import time
import urllib.error
import urllib.request

from core.net import UnsafeURL, check_fetch_url

from .limits import DEFAULT_MAX_BYTES, size_text

MAX_BYTES = DEFAULT_MAX_BYTES  # callers pass CaseLimits.from_settings().max_bytes
TIMEOUT = 20.0  # seconds for the whole answer
CHUNK = 64 * 1024


class CaseFetchError(Exception):
    """The package could not be fetched; the message says why, fit to show."""


def check_url(url: str, *, allow_private: bool = False) -> str:
    """The URL, stripped, if Cairn may fetch it; else `CaseFetchError` (`core.net`)."""
    try:
        return check_fetch_url(url, allow_private=allow_private, what="packages")
    except UnsafeURL as exc:
        raise CaseFetchError(str(exc)) from exc


class _Redirects(urllib.request.HTTPRedirectHandler):
    def __init__(self, allow_private: bool) -> None:
        self.allow_private = allow_private

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        check_url(newurl, allow_private=self.allow_private)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch_package(
    url: str,
    *,
    allow_private: bool = False,
    timeout: float = TIMEOUT,
    max_bytes: int = MAX_BYTES,
) -> bytes:
    """The body of a JSON answer from `url`, or `CaseFetchError` saying what went wrong."""
    url = check_url(url, allow_private=allow_private)
    handlers: list[urllib.request.BaseHandler] = [_Redirects(allow_private)]
    if allow_private:
        handlers.append(urllib.request.ProxyHandler({}))
    opener = urllib.request.build_opener(*handlers)
    request = urllib.request.Request(  # noqa: S310 (the scheme is checked above)
        url, headers={"Accept": "application/json", "User-Agent": "Cairn CASE import"}
    )
    deadline = time.monotonic() + timeout
    try:
        with opener.open(request, timeout=timeout) as answer:
            kind = answer.headers.get_content_type()
            if kind != "application/json" and not kind.endswith("+json"):
                raise CaseFetchError(
                    f"The address answered with {kind}, not JSON; is it a CFPackages URL?"
                )
            length = answer.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > max_bytes:
                raise CaseFetchError(_too_big(max_bytes))
            body = bytearray()
            while chunk := answer.read(CHUNK):
                body += chunk
                if len(body) > max_bytes:
                    raise CaseFetchError(_too_big(max_bytes))
                if time.monotonic() > deadline:
                    raise CaseFetchError(_too_slow(timeout))
            return bytes(body)
    except urllib.error.HTTPError as exc:
        raise CaseFetchError(f"The server answered {exc.code} {exc.reason}.") from exc
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError):
            raise CaseFetchError(_too_slow(timeout)) from exc
        raise CaseFetchError(f"The server could not be reached ({exc.reason}).") from exc
    except TimeoutError as exc:
        raise CaseFetchError(_too_slow(timeout)) from exc
    except (OSError, ValueError) as exc:
        raise CaseFetchError(f"The package could not be fetched ({exc}).") from exc


def _too_big(max_bytes: int) -> str:
    return f"The package is larger than {size_text(max_bytes)} (CASE_MAX_BYTES)."


def _too_slow(timeout: float) -> str:
    return f"The server did not send the package within {timeout:g} seconds."
