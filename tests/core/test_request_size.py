"""Request bodies over their cap are refused before anything reads them (core.middleware).

In process: the cap for each URL and the answers. Against real servers (runserver and
gunicorn, each a subprocess on a free loopback port): a 40 MB body with a Content-Length
is answered 413 while the client is still sending it, and nothing is spooled to the
server's temporary directory; a chunked body is counted as it is read (gunicorn) or
refused as unreadable (runserver)."""

from __future__ import annotations

import contextlib
import json
import os
import select
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from core.middleware import RequestSizeLimitMiddleware, cap_for

BASE_DIR = Path(__file__).resolve().parents[2]
MB = 1024 * 1024
UUID = "6f1c4e0e-0000-4000-8000-000000000000"


# In process --------------------------------------------------------------------------


def test_upload_urls_have_their_own_caps_and_the_rest_the_general_one(settings) -> None:
    settings.REQUEST_MAX_BYTES = 30 * MB
    margin = MB
    assert cap_for("/") == 30 * MB
    assert cap_for("/no/such/page") == 30 * MB
    video = settings.EVIDENCE_VIDEO_MAX_BYTES + margin
    assert cap_for(f"/evidence/s/{UUID}/artifacts/file") == video
    assert cap_for(f"/api/v1/submissions/{UUID}/artifacts/") == video
    assert cap_for("/console/roster/upload/") == settings.ROSTER_UPLOAD_MAX_BYTES + margin
    assert cap_for("/console/frameworks/import/") == settings.CASE_MAX_BYTES + margin
    assert cap_for(f"/evidence/s/{UUID}/artifacts/link") == 30 * MB


def never_called(request) -> HttpResponse:
    raise AssertionError("the view ran")


def test_over_the_cap_is_413_with_a_page_that_says_so(settings) -> None:
    settings.REQUEST_MAX_BYTES = 30 * MB
    request = RequestFactory().post("/", data=b"x", content_type="text/plain")
    request.META["CONTENT_LENGTH"] = str(40 * MB)
    response = RequestSizeLimitMiddleware(never_called)(request)
    assert response.status_code == 413
    text = response.content.decode()
    assert "<h1>Too large</h1>" in text
    assert "larger than 30 MB, the most this address accepts. Nothing was saved." in text
    assert response["Content-Length"] == str(len(response.content))


def test_api_clients_get_json(settings) -> None:
    settings.REQUEST_MAX_BYTES = 1000
    request = RequestFactory().post("/api/v1/verify", data=b"x", content_type="text/plain")
    request.META["CONTENT_LENGTH"] = "1001"
    response = RequestSizeLimitMiddleware(never_called)(request)
    assert response.status_code == 413
    assert json.loads(response.content) == {
        "detail": "The request is larger than 1,000 bytes, the most this address accepts. "
        "Nothing was saved.",
        "code": "request_too_large",
    }


def test_at_the_cap_and_on_an_upload_url_the_request_goes_through(settings) -> None:
    settings.REQUEST_MAX_BYTES = 1000
    factory = RequestFactory()
    seen = []
    app = RequestSizeLimitMiddleware(lambda r: seen.append(r.path) or HttpResponse("ok"))
    at_cap = factory.post("/", data=b"x" * 1000, content_type="text/plain")
    video = factory.post(f"/evidence/s/{UUID}/artifacts/file", data=b"x", content_type="x/y")
    video.META["CONTENT_LENGTH"] = str(400 * MB)
    assert app(at_cap).status_code == 200
    assert app(video).status_code == 200
    assert seen == ["/", f"/evidence/s/{UUID}/artifacts/file"]


def test_a_bad_content_length_is_refused() -> None:
    request = RequestFactory().post("/", data=b"x", content_type="text/plain")
    request.META["CONTENT_LENGTH"] = "lots"
    response = RequestSizeLimitMiddleware(never_called)(request)
    assert response.status_code == 400
    assert "The Content-Length header is not a number." in response.content.decode()


def test_the_middleware_comes_first(settings) -> None:
    assert settings.MIDDLEWARE[0] == "core.middleware.RequestSizeLimitMiddleware"


# Real servers ------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_listening(process: subprocess.Popen, port: int) -> None:
    """Until the server accepts connections (no time assumed: it answers, or it died)."""
    while True:
        assert process.poll() is None, "the server process exited"
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=0.2)


@pytest.fixture(params=["runserver", "gunicorn"])
def server(request, tmp_path: Path) -> Iterator[tuple[str, int, Path]]:
    spool = tmp_path / "tmp"
    spool.mkdir()
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.core.request_size_settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "MAX_REQUEST_BYTES": str(30 * MB),
        "TMPDIR": str(spool),
        "PYTHONUNBUFFERED": "1",
    }
    if request.param == "runserver":
        command = [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"]
    else:
        command = [
            str(Path(sys.executable).with_name("gunicorn")),
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--env",
            "DJANGO_SETTINGS_MODULE=tests.core.request_size_settings",
        ]
    log = (tmp_path / "server.log").open("w")
    process = subprocess.Popen(command, cwd=BASE_DIR, env=env, stdout=log, stderr=log)
    try:
        wait_until_listening(process, port)
        yield request.param, port, spool
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def exchange(port: int, head: bytes, body: Iterator[bytes]) -> tuple[int, bytes, int]:
    """Send `head`, then `body` while the server lets us, reading its answer as soon as
    it comes. Returns (status, answer body, body bytes sent before the answer)."""
    sock = socket.create_connection(("127.0.0.1", port))
    sock.sendall(head)
    sock.setblocking(False)
    sent, pending, answer, sending = 0, b"", b"", True
    try:
        while not complete(answer):
            readable, writable, _ = select.select([sock], [sock] if sending else [], [], 120)
            assert readable or writable, "the server neither answered nor read"
            if readable:
                data = sock.recv(1 << 16)
                if not data:
                    break
                answer += data
                continue
            pending = pending or next(body, b"")
            if not pending:
                sending = False
                continue
            try:
                count = sock.send(pending)
            except (BrokenPipeError, ConnectionResetError):
                sending = False
                continue
            sent += count
            pending = pending[count:]
    finally:
        sock.close()
    head_part, _, content = answer.partition(b"\r\n\r\n")
    return int(head_part.split(b" ", 2)[1]), content, sent


def complete(answer: bytes) -> bool:
    head, sep, content = answer.partition(b"\r\n\r\n")
    if not sep:
        return False
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return len(content) >= int(value)
    return False


def blocks(total: int, size: int = 1 << 20) -> Iterator[bytes]:
    block = b"x" * size
    for _ in range(total // size):
        yield block


def chunked(total: int, size: int = 1 << 20) -> Iterator[bytes]:
    for block in blocks(total, size):
        yield b"%x\r\n" % len(block) + block + b"\r\n"
    yield b"0\r\n\r\n"


def spooled(spool: Path) -> int:
    return sum(f.stat().st_size for f in spool.rglob("*") if f.is_file())


def test_a_40_mb_body_is_refused_before_it_is_read(server) -> None:
    _name, port, spool = server
    total = 40 * MB
    head = (
        f"POST /test/body-length HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        f"Content-Type: application/octet-stream\r\nContent-Length: {total}\r\n\r\n"
    ).encode()
    status, content, sent = exchange(port, head, blocks(total))
    assert status == 413
    assert b"larger than 30 MB" in content
    assert sent < total  # the answer came while most of the body was still unsent
    assert spooled(spool) == 0


def test_a_multipart_upload_over_the_cap_is_not_spooled(server) -> None:
    _name, port, spool = server
    total = 40 * MB
    boundary = "cairnboundary"
    head = (
        f"POST /console/roster/upload/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        f"Content-Type: multipart/form-data; boundary={boundary}\r\n"
        f"Content-Length: {total + 1000 * MB}\r\n\r\n"  # a 1 GB upload, announced
    ).encode()
    status, content, sent = exchange(port, head, blocks(total))
    assert status == 413
    assert b"larger than 201 MB" in content
    assert sent < total
    assert spooled(spool) == 0


def test_a_chunked_body_is_counted_or_refused(server) -> None:
    name, port, spool = server
    head = (
        b"POST /test/body-length HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        b"Content-Type: application/octet-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
    )
    status, content, sent = exchange(port, head, chunked(40 * MB))
    if name == "runserver":  # it does not de-chunk: Django would see an empty body
        assert status == 411
        assert b"needs a Content-Length" in content
    else:  # gunicorn de-chunks; the stream refuses past 30 MB
        assert status == 413
        assert b"larger than 30 MB" in content
        small, small_content, _ = exchange(port, head, chunked(2 * MB))
        assert small == 200
        assert json.loads(small_content) == {"length": 2 * MB}
    assert sent < 40 * MB
    assert spooled(spool) == 0
