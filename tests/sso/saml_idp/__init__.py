"""The test SAML IdP (`server.py`) run as its own process on loopback, and the browser-less
walk through a sign-in: Cairn (Django's test client) -> the IdP (real HTTP) -> Cairn.

    idp = SamlIdp.start(tmp_dir)          # keys made now, a free port, a subprocess
    idp.configure(sp_metadata=[...], users={...}, knobs={...})
    response = idp.sign_in(client, slug="district-saml", username="ada")
    idp.stop()
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import requests

from .keys import KeyPair, make_key_pair

ROOT = Path(__file__).resolve().parents[3]
HOST = "cairn.test"  # python3-saml refuses single-label hosts such as "testserver"


class _Forms(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({"action": attrs.get("action", ""), "fields": {}})
        elif tag == "input" and self.forms and attrs.get("name"):
            self.forms[-1]["fields"][attrs["name"]] = attrs.get("value") or ""


def only_form(html: str) -> tuple[str, dict[str, str]]:
    parser = _Forms()
    parser.feed(html)
    assert len(parser.forms) == 1, html[:500]
    return parser.forms[0]["action"], parser.forms[0]["fields"]


@dataclass
class SamlIdp:
    base_url: str
    process: subprocess.Popen
    main: KeyPair
    other: KeyPair
    http: requests.Session = field(default_factory=requests.Session)

    @property
    def entity_id(self) -> str:
        return f"{self.base_url}/metadata"

    @property
    def sso_url(self) -> str:
        return f"{self.base_url}/sso/redirect"

    @classmethod
    def start(cls, directory: Path) -> SamlIdp:
        main, other = make_key_pair("Test IdP"), make_key_pair("Someone else")
        main.write(directory, "main")
        other.write(directory, "other")
        process = subprocess.Popen(
            [sys.executable, "-m", "tests.sso.saml_idp.server", "--keys", str(directory)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        base_url = process.stdout.readline().strip()
        if not base_url.startswith("http://127.0.0.1:"):
            process.kill()
            raise RuntimeError("The test SAML IdP did not start.")
        idp = cls(base_url=base_url, process=process, main=main, other=other)
        idp.http.trust_env = False  # loopback: never through a proxy
        return idp

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)

    def configure(self, *, sp_metadata: list[str], users: dict, knobs: dict | None = None):
        answer = self.http.post(
            f"{self.base_url}/_test/configure",
            json={"sp_metadata": sp_metadata, "users": users, "knobs": knobs or {}},
            timeout=10,
        )
        assert answer.status_code == 200, answer.text

    def metadata(self) -> str:
        return self.http.get(f"{self.base_url}/metadata", timeout=10).text

    def idp_settings(self) -> dict:
        """The "idp" settings a district would type in for this IdP."""
        return {
            "entity_id": self.entity_id,
            "sso_url": self.sso_url,
            "x509cert": self.main.cert_pem,
        }

    # --- a sign-in -------------------------------------------------------------------
    def authenticate(self, location: str, username: str) -> tuple[str, dict[str, str]]:
        """At the IdP: open the AuthnRequest URL, sign in; the form it posts back."""
        page = self.http.get(location, timeout=10)
        assert page.status_code == 200, page.text
        action, fields = only_form(page.text)
        answer = self.http.post(
            f"{self.base_url}{action}", data={**fields, "username": username}, timeout=10
        )
        assert answer.status_code == 200, answer.text
        return only_form(answer.text)

    def unsolicited(self, *, username: str, acs: str, audience: str):
        answer = self.http.post(
            f"{self.base_url}/sso/unsolicited",
            data={"username": username, "acs": acs, "audience": audience},
            timeout=10,
        )
        assert answer.status_code == 200, answer.text
        return only_form(answer.text)

    def sign_in(self, client, *, slug: str, username: str):
        """Cairn's SAML sign-in for `slug` through this IdP as `username`; Cairn's last
        answer (redirects followed)."""
        start = client.post(f"/accounts/saml/{slug}/login/", HTTP_HOST=HOST)
        assert start.status_code == 302, start.content[:500]
        assert start["Location"].startswith(self.sso_url), start["Location"]
        action, fields = self.authenticate(start["Location"], username)
        return post_to_cairn(client, action, fields)


def post_to_cairn(client, action: str, fields: dict[str, str]):
    parts = urlsplit(action)
    assert parts.netloc == HOST, action
    return client.post(parts.path, fields, follow=True, HTTP_HOST=HOST)
