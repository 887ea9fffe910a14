"""The `oidc_idp` fixture: the test IdP (`tests.sso.oidc_idp`) as a real process on
127.0.0.1, started once per test session and killed at its end, and the helpers that
walk a browser's part of a sign-in over real HTTP with a cookie session."""

from __future__ import annotations

import secrets
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

BASE_DIR = Path(__file__).resolve().parents[2]
CLEVER_SCOPES = [
    "read:district_admins",
    "read:districts",
    "read:resources",
    "read:school_admins",
    "read:schools",
    "read:sections",
    "read:student_contacts",
    "read:students",
    "read:teachers",
    "read:user_id",
]


@dataclass
class LoopbackIdP:
    url: str
    token: str

    def setup(self, *, clients: list[dict] = (), people: list[dict] = ()) -> dict[str, str]:
        """Registers clients ({id, secret, redirect_uris, scopes}) and people
        ({username, claims, knobs, clever}); returns each person's `sub`."""
        resp = requests.post(
            f"{self.url}/test/setup",
            json={"clients": list(clients), "people": list(people)},
            headers={"X-Test-Token": self.token},
            timeout=10,
        )
        resp.raise_for_status()
        return resp.json()["subs"]

    def browser(self, username: str) -> requests.Session:
        """A cookie session signed in at the IdP as `username`."""
        session = requests.Session()
        resp = session.post(
            f"{self.url}/test/login-as",
            data={"username": username},
            headers={"X-Test-Token": self.token},
            timeout=10,
        )
        resp.raise_for_status()
        return session

    def authorize(self, session: requests.Session, authorize_url: str) -> str:
        """Follows the IdP's redirects from `authorize_url` until one leaves the IdP;
        returns that address (the relying party's callback with code and state)."""
        url = authorize_url
        for _ in range(10):
            resp = session.get(url, allow_redirects=False, timeout=10)
            if resp.status_code not in (301, 302, 303, 307):
                raise AssertionError(f"The IdP answered {resp.status_code}: {resp.text[:500]}")
            url = urljoin(url, resp.headers["Location"])
            if not url.startswith(self.url):
                return url
        raise AssertionError("The IdP kept redirecting.")

    def microsoft_url(self, tenant: str) -> str:
        return f"{self.url}/ms/{tenant}/v2.0"


def relative(url: str) -> str:
    """The path and query of `url`, for Django's test client."""
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


@pytest.fixture(scope="session")
def oidc_idp(tmp_path_factory) -> LoopbackIdP:
    home = tmp_path_factory.mktemp("oidc_idp")
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    key_file = home / "key.pem"
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    token = secrets.token_urlsafe(24)
    env = {
        "PATH": "/usr/bin:/bin",
        "PYTHONPATH": str(BASE_DIR),
        "IDP_DB": str(home / "idp.sqlite3"),
        "IDP_PRIVATE_KEY_FILE": str(key_file),
        "IDP_SECRET_KEY": secrets.token_urlsafe(32),
        "IDP_TEST_TOKEN": token,
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.sso.oidc_idp.serve"],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = process.stdout.readline()
        if not line.startswith("PORT "):
            process.kill()
            raise RuntimeError(f"The test IdP did not start: {process.stderr.read()[-3000:]}")
        idp = LoopbackIdP(url=f"http://127.0.0.1:{int(line.split()[1])}", token=token)
        requests.get(f"{idp.url}/.well-known/openid-configuration", timeout=10).raise_for_status()
        yield idp
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
