"""Fetching a package from a CASE 1.1 REST endpoint: a real HTTP server on loopback."""

from __future__ import annotations

import json

import pytest

from competencies.case import parse_case_package
from competencies.case.remote import CaseFetchError, check_url, fetch_package

from ..cases import DOC_ID, case_1_1, cf_package
from ..servers import case_server, package_path

BODY = json.dumps(case_1_1(cf_package())).encode()


def test_fetches_a_package_from_the_endpoint() -> None:
    routes = {package_path(DOC_ID): (200, "application/json; charset=utf-8", BODY, {})}
    with case_server(routes) as base:
        data = fetch_package(base + package_path(DOC_ID), allow_private=True)
    assert parse_case_package(data).document.identifier == DOC_ID


def test_follows_a_redirect_to_http_but_not_elsewhere() -> None:
    routes = {
        "/old": (302, "text/plain", b"", {"Location": package_path(DOC_ID)}),
        "/evil": (302, "text/plain", b"", {"Location": "file:///etc/passwd"}),
        package_path(DOC_ID): (200, "application/json", BODY, {}),
    }
    with case_server(routes) as base:
        assert fetch_package(base + "/old", allow_private=True) == BODY
        with pytest.raises(CaseFetchError, match="file:///etc/passwd' is not allowed"):
            fetch_package(base + "/evil", allow_private=True)


@pytest.mark.parametrize(
    ("route", "message"),
    [
        ((200, "text/html", b"<html></html>", {}), "answered with text/html, not JSON"),
        ((404, "application/json", b"{}", {}), "The server answered 404"),
        ((500, "text/plain", b"oops", {}), "The server answered 500"),
        ((200, "application/json", b"x" * 2000, {}), "larger than"),
    ],
)
def test_refuses_what_is_not_a_small_json_answer(route, message) -> None:
    with case_server({"/p": route}) as base, pytest.raises(CaseFetchError, match=message):
        fetch_package(base + "/p", allow_private=True, max_bytes=1000)


def test_gives_up_after_the_time_limit() -> None:
    import socket

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)  # accepts the connection, never answers
    try:
        port = listener.getsockname()[1]
        with pytest.raises(CaseFetchError, match=r"within 0\.5 seconds"):
            fetch_package(f"http://127.0.0.1:{port}/p", allow_private=True, timeout=0.5)
    finally:
        listener.close()


@pytest.mark.parametrize(
    "url", ["ftp://case.example.org/x", "file:///etc/passwd", "javascript:alert(1)", "http://"]
)
def test_only_http_urls(url) -> None:
    with pytest.raises(CaseFetchError, match="Only http:// and https://"):
        check_url(url, allow_private=True)


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:8000/x", "http://localhost/x", "http://10.0.0.5/"]
)
def test_private_addresses_are_refused_unless_allowed(url) -> None:
    with pytest.raises(CaseFetchError, match="private network"):
        check_url(url)
    assert check_url(url, allow_private=True) == url
