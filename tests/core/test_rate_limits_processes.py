"""The limits hold across processes, the point of counting them in a shared cache: two
web processes (`runserver`, each its own Python) on one database, with the database
cache (no CACHE_URL) and then with Redis (CACHE_URL=redis://127.0.0.1:6379/…). What is
counted in one is refused in the other; from another IP (the client binds 127.0.0.2),
the owner still gets in."""

import contextlib
import http.client
import os
import socket
import subprocess
import sys
import uuid
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest
import redis

BASE_DIR = Path(__file__).resolve().parents[2]
PASSWORD = "correct-horse-battery"
REDIS_URL = "redis://127.0.0.1:6379/12"  # a database of its own, keys under a prefix
CACHES = ["database", "redis"]
PEOPLE = ["login", "token"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run(env: dict, *args: str) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, check=True, timeout=300
    )


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


@dataclass
class Visitor:
    """A browser from `ip`, to a server on 127.0.0.1:`port`, keeping its cookies."""

    port: int
    ip: str = "127.0.0.1"
    cookies: dict = field(default_factory=dict)

    def request(self, method: str, path: str, body: str = "", headers: dict | None = None):
        conn = http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=60, source_address=(self.ip, 0)
        )
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        conn.request(method, path, body=body.encode(), headers=headers)
        response = conn.getresponse()
        text = response.read().decode()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        conn.close()
        return response, text

    def form(self, path: str, data: dict):
        if "csrftoken" not in self.cookies:
            self.request("GET", path)
        data = {**data, "csrfmiddlewaretoken": self.cookies["csrftoken"]}
        return self.request(
            "POST",
            path,
            urlencode(data),
            {"Content-Type": "application/x-www-form-urlencoded", "Referer": self.origin},
        )

    def json(self, path: str, data: dict):
        import json

        return self.request("POST", path, json.dumps(data), {"Content-Type": "application/json"})

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def sign_in(self, email: str, password: str):
        return self.form("/accounts/login/", {"login": email, "password": password})


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    """Two web processes per cache, all on one SQLite file (migrated, with the people)."""
    database = tmp_path_factory.mktemp("limits") / "cairn.sqlite3"
    prefix = f"limits-test-{uuid.uuid4().hex}"
    env = {k: v for k, v in os.environ.items() if k not in ("CACHE_URL", "DATABASE_URL")}
    env |= {
        "DJANGO_SETTINGS_MODULE": "tests.core.rate_limits_settings",
        "DATABASE_URL": f"sqlite:///{database}",
        "DEBUG": "true",
        "VERIFY_RATE": "3/minute",
    }
    run(env, "migrate", "--noinput", "-v0")
    people = ", ".join(f"'{who}-{cache}@example.org'" for who in PEOPLE for cache in CACHES)
    run(
        env,
        "shell",
        "-c",
        f"from tests.accounts.factories import UserFactory\nfor e in [{people}]: UserFactory(email=e)",
    )
    environments = {
        "database": env,
        "redis": env | {"CACHE_URL": f"{REDIS_URL}?key_prefix={prefix}"},
    }
    started = []
    for cache in CACHES:
        for _ in range(2):
            port = free_port()
            process = subprocess.Popen(
                [
                    sys.executable,
                    "manage.py",
                    "runserver",
                    "--noreload",
                    "--skip-checks",
                    f"127.0.0.1:{port}",
                ],
                cwd=BASE_DIR,
                env=environments[cache],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            started.append((cache, port, process))
    try:
        for _, port, process in started:
            wait_until_listening(process, port)
        yield {cache: [port for c, port, _ in started if c == cache] for cache in CACHES}
    finally:
        for _, _, process in started:
            process.terminate()
        for _, _, process in started:
            process.wait(timeout=30)
        client = redis.Redis.from_url(REDIS_URL)
        for key in client.scan_iter(f"{prefix}:*"):
            client.delete(key)


@pytest.mark.parametrize("cache", CACHES)
def test_failed_sign_ins_in_one_process_are_refused_in_the_other(servers, cache):
    first, second = servers[cache]
    email = f"login-{cache}@example.org"
    stranger = Visitor(first)
    for _ in range(5):
        response, body = stranger.sign_in(email, "wrong")
        assert response.status == 200
        assert "Too many failed login attempts" not in body

    from_the_same_ip = Visitor(second)
    response, body = from_the_same_ip.sign_in(email, PASSWORD)
    assert response.status == 200  # the form again, not signed in
    assert "Too many failed login attempts" in body
    assert "sessionid" not in from_the_same_ip.cookies

    owner = Visitor(second, ip="127.0.0.2")
    response, _ = owner.sign_in(email, PASSWORD)
    assert response.status == 302
    assert "sessionid" in owner.cookies


@pytest.mark.parametrize("cache", CACHES)
def test_token_requests_in_one_process_are_refused_in_the_other(servers, cache):
    first, second = servers[cache]
    email = f"token-{cache}@example.org"
    for _ in range(5):
        response, _ = Visitor(first).json(
            "/api/v1/auth/token", {"username": email, "password": "x"}
        )
        assert response.status == 400

    response, body = Visitor(second).json(
        "/api/v1/auth/token", {"username": email, "password": PASSWORD}
    )
    assert response.status == 429
    assert 1 <= int(response.headers["Retry-After"]) <= 60
    assert "throttled" in body

    response, body = Visitor(second, ip="127.0.0.2").json(
        "/api/v1/auth/token", {"username": email, "password": PASSWORD}
    )
    assert response.status == 200
    assert '"token"' in body


@pytest.mark.parametrize("cache", CACHES)
def test_verifying_in_one_process_counts_in_the_other(servers, cache):
    first, second = servers[cache]
    ip = "127.0.0.3"  # VERIFY_RATE=3/minute for these servers
    given = {"credential": "not a credential"}
    assert Visitor(first, ip=ip).json("/api/v1/verify", given)[0].status == 200
    assert Visitor(second, ip=ip).form("/verify/", given)[0].status == 200
    assert Visitor(first, ip=ip).json("/api/v1/verify", given)[0].status == 200

    response, _ = Visitor(second, ip=ip).json("/api/v1/verify", given)
    assert response.status == 429
    assert "Retry-After" in response.headers
    response, body = Visitor(first, ip=ip).form("/verify/", given)
    assert response.status == 429
    assert "Too many requests" in body

    assert Visitor(second, ip="127.0.0.4").json("/api/v1/verify", given)[0].status == 200
