"""A small OneRoster 1.2 REST server on loopback, for the tests of the SIS pull.

A real HTTP server (`http.server.ThreadingHTTPServer` on 127.0.0.1, port 0) in a
thread: its token endpoint grants bearer tokens by client credentials (HTTP Basic,
form `grant_type=client_credentials`); its collections answer only a token it granted,
page with `limit` / `offset` and `X-Total-Count` (and, when `link_paging` is on, a
`Link: <…>; rel="next"` header), and honour `filter=dateLastModified>'…'`. It keeps
every request it was sent, so tests can read what Cairn asked.
"""

from __future__ import annotations

import base64
import json
import re
import secrets
import threading
from dataclasses import dataclass, field
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

BASE_PATH = "/ims/oneroster/rostering/v1p2"
FILTER = re.compile(r"^dateLastModified>'(?P<when>[^']+)'$")


def _when(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


@dataclass
class FakeSis:
    client_id: str = "cairn-client"
    client_secret: str = "s3cret-value"
    collections: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    link_paging: bool = False
    max_limit: int = 1000
    tokens: set[str] = field(default_factory=set)
    requests: list[dict[str, Any]] = field(default_factory=list)
    url: str = ""

    @property
    def base_url(self) -> str:
        return f"{self.url}{BASE_PATH}"

    @property
    def token_url(self) -> str:
        return f"{self.url}/oauth/token"

    def asked(self, collection: str) -> list[dict[str, list[str]]]:
        """The query strings of the GETs of `collection`, in order."""
        path = f"{BASE_PATH}/{collection}"
        return [r["query"] for r in self.requests if r["path"] == path]


def _handler(sis: FakeSis) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:  # quiet
            pass

        def _send(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self) -> None:
            parts = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            form = parse_qs(self.rfile.read(length).decode())
            sis.requests.append({"method": "POST", "path": parts.path, "form": form})
            if parts.path != "/oauth/token":
                self._send(404, {"error": "not found"})
                return
            expected = base64.b64encode(f"{sis.client_id}:{sis.client_secret}".encode()).decode()
            if self.headers.get("Authorization", "") != f"Basic {expected}":
                self._send(401, {"error": "invalid_client"})
                return
            if form.get("grant_type") != ["client_credentials"]:
                self._send(400, {"error": "unsupported_grant_type"})
                return
            token = secrets.token_urlsafe(16)
            sis.tokens.add(token)
            self._send(200, {"access_token": token, "token_type": "bearer", "expires_in": 3600})

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            query = parse_qs(parts.query)
            sis.requests.append({"method": "GET", "path": parts.path, "query": query})
            auth = self.headers.get("Authorization", "")
            if not auth.startswith("Bearer ") or auth.removeprefix("Bearer ") not in sis.tokens:
                self._send(401, {"error": "invalid_token"})
                return
            name = parts.path.removeprefix(f"{BASE_PATH}/")
            if not parts.path.startswith(BASE_PATH) or name not in sis.collections:
                self._send(404, {"error": "unknown collection"})
                return
            items = sis.collections[name]
            if "filter" in query:
                match = FILTER.match(query["filter"][0])
                if not match:
                    self._send(400, {"error": "bad filter"})
                    return
                since = _when(match["when"])
                items = [o for o in items if _when(o["dateLastModified"]) > since]
            limit = min(int(query.get("limit", ["100"])[0]), sis.max_limit)
            offset = int(query.get("offset", ["0"])[0])
            page = items[offset : offset + limit]
            headers = {"X-Total-Count": str(len(items))}
            if sis.link_paging and offset + limit < len(items):
                following = {k: v[0] for k, v in query.items()}
                following.update(limit=str(limit), offset=str(offset + limit))
                headers["Link"] = f'<{sis.url}{parts.path}?{urlencode(following)}>; rel="next"'
            self._send(200, {name: page}, headers)

    return Handler


class SisServer:
    """`with SisServer(sis) as sis:` serves `sis` on 127.0.0.1 until the block ends."""

    def __init__(self, sis: FakeSis) -> None:
        self.sis = sis
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(sis))
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FakeSis:
        host, port = self.server.server_address[:2]
        self.sis.url = f"http://{host}:{port}"
        self.thread.start()
        return self.sis

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


def _ref(kind: str, sourced_id: str) -> dict[str, str]:
    return {"href": f"{BASE_PATH}/{kind}s/{sourced_id}", "sourcedId": sourced_id, "type": kind}


def sample_roster(modified: str = "2026-08-01T12:00:00.000Z") -> dict[str, list[dict]]:
    """A district with one school, a term, a course and its class, a teacher and two
    students enrolled, as a OneRoster 1.2 API serves them."""

    def base(sourced_id: str) -> dict[str, str]:
        return {"sourcedId": sourced_id, "status": "active", "dateLastModified": modified}

    def user(sid: str, given: str, family: str, role: str, **extra: Any) -> dict[str, Any]:
        return {
            **base(sid),
            "enabledUser": True,
            "username": f"{given.lower()}.{family.lower()}",
            "userIds": [{"type": "LDAP", "identifier": f"{sid}-ldap"}],
            "givenName": given,
            "familyName": family,
            "identifier": f"ID-{sid}",
            "email": f"{given.lower()}.{family.lower()}@cedar.example.org",
            "roles": [{"roleType": "primary", "role": role, "org": _ref("org", "org-school")}],
            "primaryOrg": _ref("org", "org-school"),
            "grades": extra.pop("grades", []),
            "agents": [],
            "metadata": {"ext_house": "blue"},
            **extra,
        }

    return {
        "orgs": [
            {
                **base("org-district"),
                "name": "Cedar Valley SD",
                "type": "district",
                "identifier": "CVSD",
                "parent": None,
                "children": [_ref("org", "org-school")],
            },
            {
                **base("org-school"),
                "name": "Cedar Valley High",
                "type": "school",
                "identifier": "CVHS",
                "parent": _ref("org", "org-district"),
            },
        ],
        "academicSessions": [
            {
                **base("term-fall"),
                "title": "Fall 2026",
                "type": "term",
                "startDate": "2026-08-20",
                "endDate": "2026-12-20",
                "parent": None,
                "schoolYear": "2027",
            },
        ],
        "courses": [
            {
                **base("course-bio"),
                "title": "Biology",
                "courseCode": "BIO1",
                "grades": ["09", "10"],
                "org": _ref("org", "org-school"),
                "schoolYear": _ref("academicSession", "term-fall"),
                "subjects": ["science"],
            },
        ],
        "classes": [
            {
                **base("class-bio-1"),
                "title": "Biology, period 1",
                "classCode": "BIO1-1",
                "classType": "scheduled",
                "course": _ref("course", "course-bio"),
                "school": _ref("org", "org-school"),
                "terms": [_ref("academicSession", "term-fall")],
                "periods": ["1"],
            },
        ],
        "users": [
            user("u-teacher", "Ada", "Okafor", "teacher"),
            user("u-student-1", "Bea", "Lindqvist", "student", grades=["09"]),
            user("u-student-2", "Chen", "Wei", "student", grades=["10"]),
        ],
        "enrollments": [
            {
                **base("enr-teacher"),
                "role": "teacher",
                "primary": True,
                "user": _ref("user", "u-teacher"),
                "class": _ref("class", "class-bio-1"),
                "school": _ref("org", "org-school"),
                "beginDate": "2026-08-20",
            },
            {
                **base("enr-student-1"),
                "role": "student",
                "primary": False,
                "user": _ref("user", "u-student-1"),
                "class": _ref("class", "class-bio-1"),
                "school": _ref("org", "org-school"),
            },
            {
                **base("enr-student-2"),
                "role": "student",
                "primary": False,
                "user": _ref("user", "u-student-2"),
                "class": _ref("class", "class-bio-1"),
                "school": _ref("org", "org-school"),
            },
        ],
        "demographics": [
            {**base("u-student-1"), "birthDate": "2011-03-04", "sex": "female"},
            {**base("u-student-2"), "birthDate": "2010-11-30", "sex": "male"},
        ],
    }


def roster_zip(roster: dict[str, list[dict]], *, mode: str = "bulk") -> bytes:
    """The same roster as the OneRoster 1.2 CSV package a SIS exports (a zip with its
    manifest, CRLF line ends, every field quoted)."""
    import csv
    import io
    import zipfile

    from accounts.oneroster.rest import columns_of, role_rows

    tables: dict[str, list[dict[str, str]]] = {}
    for name, objects in roster.items():
        tables[name] = [columns_of(o) for o in objects]
        if name == "users":
            tables["roles"] = [r for o in objects for r in role_rows(o)]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        manifest = [
            ("propertyName", "value"),
            ("manifest.version", "1.0"),
            ("oneroster.version", "1.2"),
        ]
        manifest += [(f"file.{name}", mode) for name in tables]
        for name, rows in tables.items():
            out = io.StringIO()
            columns = list(dict.fromkeys(k for row in rows for k in row))
            writer = csv.DictWriter(out, columns, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
            writer.writeheader()
            for row in rows:
                writer.writerow({**row, "status": "" if mode == "bulk" else row["status"]})
            archive.writestr(f"{name}.csv", out.getvalue())
        text = io.StringIO()
        csv.writer(text, lineterminator="\r\n").writerows(manifest)
        archive.writestr("manifest.csv", text.getvalue())
    return buffer.getvalue()
