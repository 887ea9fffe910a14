"""A revocation made in one process is seen on the very next request served by another:
a web process (`runserver`, its own Python, the default settings and caches) and
`manage.py revoke` on one SQLite file. The hosted assertion answers 410, the 2.0
RevocationList and the 3.0 status list carry it, and the old ETag no longer matches."""

import contextlib
import http.client
import json
import os
import socket
import subprocess
import sys

import pytest

from badges.openbadges.ob3 import statuslist

BASE_DIR = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

SEED = """
import json
from django.urls import reverse
from badges import services
from tests.badges.support import award
a = award()
entry = services.status_list_entry_for(assertion=a)
issuer = a.badge_class.issuer.public_id
print(json.dumps({
    "assertion": str(a.public_id),
    "index": entry.index,
    "hosted": reverse("ob2:assertion", args=[a.public_id]),
    "list": reverse("ob2:revocation-list", args=[issuer]),
    "status": reverse("ob3:issuer-status", args=[issuer]),
}))
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env: dict, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        timeout=300,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, f"manage.py {args[0]} failed:\n{done.stderr}"
    return done.stdout


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


def get(port: int, path: str, **headers: str) -> tuple[int, dict, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", path, headers={"Accept": "application/ld+json", **headers})
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response.status, dict(response.headers), body


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A web process on a migrated SQLite file holding one awarded badge (issued as 3.0)."""
    tmp = tmp_path_factory.mktemp("revocation")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("CACHE_URL", "DATABASE_URL")}
    env |= {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "true",
        "DATABASE_URL": f"sqlite:///{tmp / 'cairn.sqlite3'}",
        "MEDIA_ROOT": str(tmp / "media"),
        "SITE_URL": f"http://127.0.0.1:{port}",
        "PYTHONPATH": BASE_DIR,
    }
    manage(env, "migrate", "--noinput", "-v0")
    award = json.loads(manage(env, "shell", "-c", SEED).strip().splitlines()[-1])
    server = subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "runserver",
            "--noreload",
            "--skip-checks",
            f"127.0.0.1:{port}",
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until_listening(server, port)
        yield {"env": env, "port": port, **award}
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_a_revocation_by_another_process_is_served_on_the_next_request(site):
    port = site["port"]
    # Served (and, where a process may keep a copy, kept) while the badge is valid.
    for _ in range(2):
        status, _, body = get(port, site["hosted"])
        assert status == 200
        assert "revoked" not in json.loads(body)
    status, headers, body = get(port, site["list"])
    assert status == 200
    assert json.loads(body)["revokedAssertions"] == []
    list_etag = headers["ETag"]
    status, headers, body = get(port, site["status"])
    assert status == 200
    status_etag = headers["ETag"]
    assert statuslist.decode(json.loads(body)["credentialSubject"]["encodedList"]) == set()
    assert get(port, site["list"], **{"If-None-Match": list_etag})[0] == 304

    out = manage(site["env"], "revoke", site["assertion"], "--reason", "Awarded in error.")
    assert "revoked" in out.lower()

    status, _, body = get(port, site["hosted"])
    assert status == 410
    assert json.loads(body)["revoked"] is True
    status, headers, body = get(port, site["list"], **{"If-None-Match": list_etag})
    assert status == 200
    assert headers["ETag"] != list_etag
    (entry,) = json.loads(body)["revokedAssertions"]
    assert entry["id"].endswith(site["assertion"])
    assert entry["revocationReason"] == "Awarded in error."
    status, headers, body = get(port, site["status"], **{"If-None-Match": status_etag})
    assert status == 200
    assert headers["ETag"] != status_etag
    encoded = json.loads(body)["credentialSubject"]["encodedList"]
    assert statuslist.decode(encoded) == {site["index"]}
