"""CASE packages over Cairn's limits (bytes, CFItems, JSON nesting, isChildOf depth) are
refused with a clean message at the parser, the command, the console and a URL fetch,
and nothing is imported."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from accounts.models import Membership
from competencies.case import CaseLimitError, CaseLimits, parse_case_package
from competencies.case.remote import CaseFetchError, fetch_package
from competencies.models import Competency, Framework, FrameworkImport
from core.models import AuditEntry
from tests.accounts.factories import DistrictFactory, MembershipFactory

from .cases import DOC_ID, cf_item, cf_package, child_of, dumps
from .servers import case_server, package_path

CREATE = reverse("competencies:console-import-create")


def nothing_written() -> bool:
    return not (
        Framework.objects.exists()
        or Competency.objects.exists()
        or FrameworkImport.objects.exists()
        or AuditEntry.objects.exists()
    )


def deep_json(levels: int) -> bytes:
    """A CFPackage whose CFDocument carries a value nested `levels` lists deep."""
    package = cf_package()
    text = dumps(package).decode()
    nested = "[" * levels + "]" * levels
    return text.replace('"CFDocument": {', f'"CFDocument": {{"extension": {nested}, ', 1).encode()


def chain(length: int) -> dict[str, Any]:
    """`length` items, each the isChildOf child of the one before: a tree that deep."""
    package = cf_package()
    ids = [f"00000000-0000-4000-8000-{n:012d}" for n in range(length)]
    package["CFItems"] = [cf_item(i, f"C.{n}", f"Step {n}") for n, i in enumerate(ids)]
    parents = [DOC_ID, *ids[:-1]]
    package["CFAssociations"] = [
        child_of(f"10000000-0000-4000-8000-{n:012d}", ids[n], parents[n]) for n in range(length)
    ]
    return package


def many_items(count: int) -> dict[str, Any]:
    package = cf_package()
    package["CFItems"] = [
        cf_item(f"20000000-0000-4000-8000-{n:012d}", f"M.{n}", f"Item {n}") for n in range(count)
    ]
    package["CFAssociations"] = []
    return package


# The parser --------------------------------------------------------------------------


def test_a_package_over_the_byte_cap_is_refused_before_it_is_read() -> None:
    limits = CaseLimits(max_bytes=1000)
    with pytest.raises(CaseLimitError, match="larger than 1,000 bytes"):
        parse_case_package(b"x" * 1001, limits=limits)  # not JSON: never parsed


def test_json_nested_deeper_than_the_cap_is_refused() -> None:
    limits = CaseLimits(max_depth=64)
    parse_case_package(deep_json(50), limits=limits)  # a few levels of package around it
    with pytest.raises(CaseLimitError, match="nested more than 64 levels deep"):
        parse_case_package(deep_json(70), limits=limits)


def test_json_deeper_than_pythons_own_limit_is_a_clean_refusal_not_a_crash() -> None:
    with pytest.raises(CaseLimitError, match="nested more than"):
        parse_case_package(deep_json(100_000), limits=CaseLimits(max_depth=10**6))


def test_more_items_than_the_cap_are_refused() -> None:
    assert len(parse_case_package(dumps(many_items(10)), limits=CaseLimits(max_items=10)).items)
    with pytest.raises(CaseLimitError, match="11 CFItems; Cairn imports at most 10"):
        parse_case_package(dumps(many_items(11)), limits=CaseLimits(max_items=10))


def test_a_deep_is_child_of_chain_is_refused_without_recursion() -> None:
    package = parse_case_package(dumps(chain(64)), limits=CaseLimits(max_depth=64))
    assert max(item.depth for item in package.items) == 63
    with pytest.raises(CaseLimitError, match="isChildOf associations nest items more than"):
        parse_case_package(dumps(chain(65)), limits=CaseLimits(max_depth=64))
    # Far past the interpreter's recursion limit: still a clean refusal.
    with pytest.raises(CaseLimitError, match="more than 64 levels"):
        parse_case_package(dumps(chain(5000)), limits=CaseLimits(max_depth=64))


def test_the_limits_come_from_settings(settings) -> None:
    settings.CASE_MAX_BYTES = 123
    settings.CASE_MAX_ITEMS = 7
    settings.CASE_MAX_DEPTH = 9
    assert CaseLimits.from_settings() == CaseLimits(max_bytes=123, max_items=7, max_depth=9)
    with pytest.raises(CaseLimitError, match="CASE_MAX_BYTES"):
        parse_case_package(dumps(cf_package()))


# The command -------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("setting", "value", "data", "message"),
    [
        ("CASE_MAX_BYTES", 2000, dumps(many_items(40)), "larger than 2,000 bytes"),
        ("CASE_MAX_ITEMS", 5, dumps(many_items(6)), "6 CFItems; Cairn imports at most 5"),
        ("CASE_MAX_DEPTH", 64, deep_json(2000), "nested more than 64 levels deep"),
        ("CASE_MAX_DEPTH", 64, dumps(chain(100)), "isChildOf associations nest items"),
    ],
)
def test_the_command_refuses_with_a_clean_message(
    settings, tmp_path: Path, setting, value, data, message
) -> None:
    setattr(settings, setting, value)
    path = tmp_path / "big.json"
    path.write_bytes(data)
    with pytest.raises(CommandError, match=message) as caught:
        call_command("import_case", str(path), stdout=StringIO())
    assert str(caught.value).startswith(f"{path}: cannot import: ")
    assert nothing_written()


@pytest.mark.django_db
def test_the_command_imports_a_package_within_the_limits(settings, tmp_path: Path) -> None:
    settings.CASE_MAX_ITEMS = 6
    path = tmp_path / "ok.json"
    path.write_bytes(dumps(many_items(6)))
    call_command("import_case", str(path), stdout=StringIO())
    assert Competency.objects.count() == 6


# Fetching by URL ---------------------------------------------------------------------


@contextmanager
def endless_server(total: int) -> Iterator[tuple[str, dict[str, int]]]:
    """Streams `total` bytes of JSON without a Content-Length; counts what it sent."""
    sent = {"bytes": 0}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0"

        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            chunk = b'{"CFDocument": ' + b" " * (64 * 1024 - 15)
            try:
                while sent["bytes"] < total:
                    self.wfile.write(chunk)
                    sent["bytes"] += len(chunk)
            except OSError:
                pass  # the client stopped reading: what we want

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", sent
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_a_streamed_answer_is_cut_at_the_cap() -> None:
    total = 256 * 1024 * 1024
    with (
        endless_server(total) as (base, sent),
        pytest.raises(CaseFetchError, match="larger than 1 MB"),
    ):
        fetch_package(base + "/p", allow_private=True, max_bytes=1024 * 1024)
    assert sent["bytes"] < total  # stopped reading; the rest was never sent


def test_an_announced_length_over_the_cap_is_refused_before_reading() -> None:
    body = dumps(many_items(50))
    routes = {"/p": (200, "application/json", body, {})}
    with case_server(routes) as base, pytest.raises(CaseFetchError, match="larger than"):
        fetch_package(base + "/p", allow_private=True, max_bytes=len(body) - 1)


@pytest.mark.django_db
def test_the_command_refuses_a_url_over_the_cap(settings) -> None:
    settings.CASE_FETCH_ALLOW_PRIVATE = True
    settings.CASE_MAX_BYTES = 1024 * 1024
    with (
        endless_server(64 * 1024 * 1024) as (base, _sent),
        pytest.raises(CommandError, match="larger than 1 MB"),
    ):
        call_command("import_case", base + "/p", stdout=StringIO())
    assert nothing_written()


# The console -------------------------------------------------------------------------


@pytest.fixture
def admin_client(client):
    client.force_login(
        MembershipFactory(organization=DistrictFactory(), role=Membership.Role.ADMIN).user
    )
    return client


def upload(client, data: bytes):
    return client.post(
        CREATE, {"file": SimpleUploadedFile("big.json", data, content_type="application/json")}
    )


@pytest.mark.django_db
def test_the_console_refuses_a_file_over_the_cap(admin_client, settings) -> None:
    settings.CASE_MAX_BYTES = 2 * 1024 * 1024
    page = admin_client.get(CREATE).content.decode()
    assert "A package of at most 2 MB." in page
    response = upload(admin_client, dumps(many_items(10)) + b" " * (2 * 1024 * 1024))
    assert response.status_code == 400
    assert "The file is larger than 2 MB." in response.content.decode()
    assert not FrameworkImport.objects.exists()
    assert not Framework.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("setting", "value", "data", "message"),
    [
        ("CASE_MAX_ITEMS", 5, dumps(many_items(6)), "6 CFItems; Cairn imports at most 5"),
        ("CASE_MAX_DEPTH", 64, deep_json(5000), "nested more than 64 levels deep"),
        ("CASE_MAX_DEPTH", 64, dumps(chain(80)), "isChildOf associations nest items"),
    ],
)
def test_the_console_refuses_a_package_over_a_limit(
    admin_client, settings, setting, value, data, message
) -> None:
    setattr(settings, setting, value)
    response = upload(admin_client, data)
    assert response.status_code == 400
    text = response.content.decode()
    assert "Cairn cannot import this package: " in text
    assert message in text
    assert not FrameworkImport.objects.exists()
    assert not Framework.objects.exists()


@pytest.mark.django_db
def test_the_console_refuses_a_url_over_the_cap(admin_client, settings) -> None:
    settings.CASE_FETCH_ALLOW_PRIVATE = True
    settings.CASE_MAX_BYTES = 1024 * 1024
    with endless_server(64 * 1024 * 1024) as (base, _sent):
        response = admin_client.post(CREATE, {"url": base + package_path(DOC_ID)})
    assert response.status_code == 400
    assert "The package is larger than 1 MB (CASE_MAX_BYTES)." in response.content.decode()
    assert not FrameworkImport.objects.exists()


def test_json_helper_makes_the_depth_it_says() -> None:
    # deep_json(n) wraps n lists in the package's own 2 levels (package, CFDocument).
    value = json.loads(deep_json(3))["CFDocument"]["extension"]
    assert value == [[[]]]
