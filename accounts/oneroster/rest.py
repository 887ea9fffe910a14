"""Reading a roster from a SIS's OneRoster 1.2 REST API (the Rostering Service's
REST/JSON binding), into the same rows a CSV package gives the import.

- The token: OAuth 2.0 client credentials, the client authenticated with HTTP Basic
  (as the 1.2 security framework asks), for the `roster.readonly` scope.
- Each collection (`orgs`, `academicSessions`, `courses`, `classes`, `users`,
  `enrollments`, `demographics`) is read page by page with `limit` and `offset`,
  following the `Link: <…>; rel="next"` header when the server sends one, else until
  `X-Total-Count` objects (or a short page) have come. After the first pull, every
  request carries `filter=dateLastModified>'<the newest date seen>'`, and the tables
  are deltas.
- The JSON objects become the CSV columns the import reads: a reference
  `{"sourcedId": …}` under `parent` becomes `parentSourcedId`, a list of them under
  `terms` becomes `termSourcedIds` (a comma list), and a 1.2 user's `roles` become rows
  of a `roles` table.

No database here: `fetch_roster` returns plain tables (`FetchedRoster`), and
`accounts.oneroster.jobs.pulls` hands them to the import.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests

from core.errors import ServiceError
from core.net import UnsafeURL, check_fetch_url

# The collections, in the order the import needs them (an org before its classes).
COLLECTIONS = (
    "orgs",
    "academicSessions",
    "courses",
    "classes",
    "users",
    "enrollments",
    "demographics",
)
SCOPE = "https://purl.imsglobal.org/spec/or/v1p2/scope/roster.readonly"
PAGE_SIZE = 500
MAX_PAGES = 10_000  # per collection: 5 million objects, then the pull stops and says so
MAX_PAGE_BYTES = 50 * 1024 * 1024
TIMEOUT = (10.0, 60.0)  # connect, read (seconds)
USER_AGENT = "Cairn OneRoster pull"

# JSON names that differ from their CSV column (OneRoster 1.2 users).
RENAMED = {"preferredFirstName": "preferredGivenName", "preferredLastName": "preferredFamilyName"}
# Lists of references whose CSV column is not simply the singular + "SourcedIds".
PLURALS = {"children": "child", "classes": "class", "resources": "resource", "agents": "agent"}
# Keys whose value is a list of references even when it is empty.
REF_LISTS = {"agents", "terms", "resources", "orgs", "classes", "schools"}
LEFT_OUT = {"metadata", "password", "href", "children"}


class RosterFetchError(ServiceError):
    """The roster could not be read from the SIS; the message says why, fit to show."""

    code = "roster_fetch"


@dataclass
class FetchedRoster:
    """What one pull read: per table, the rows as CSV columns; and the newest
    `dateLastModified` among them (None when nothing came)."""

    tables: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    newest: datetime | None = None
    delta: bool = False

    @property
    def total(self) -> int:
        return sum(len(rows) for rows in self.tables.values())


# JSON -> CSV columns -------------------------------------------------------------------


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ",".join(_text(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, sort_keys=True)
    return str(value)


def _ref_id(value: Any) -> str:
    """The sourcedId of a GUIDRef (`{"href", "sourcedId", "type"}`), or a bare id."""
    if isinstance(value, dict):
        return str(value.get("sourcedId") or "")
    return "" if value is None else str(value)


def _is_ref(value: Any) -> bool:
    return isinstance(value, dict) and "sourcedId" in value


def _singular(name: str) -> str:
    return PLURALS.get(name, name[:-1] if name.endswith("s") else name)


def columns_of(obj: dict[str, Any]) -> dict[str, str]:
    """One OneRoster JSON object as the CSV columns of its file (strings, "" for none)."""
    row: dict[str, str] = {}
    for key, value in obj.items():
        if key in LEFT_OUT or key == "roles":
            continue
        if key == "userIds" and isinstance(value, list):
            row["userIds"] = ",".join(
                f"{{{item.get('type', '')}:{item.get('identifier', '')}}}"
                for item in value
                if isinstance(item, dict)
            )
        elif _is_ref(value):
            row[f"{key}SourcedId"] = _ref_id(value)
        elif isinstance(value, list) and (
            key in REF_LISTS or (value and all(_is_ref(v) for v in value))
        ):
            row[f"{_singular(key)}SourcedIds"] = ",".join(_ref_id(v) for v in value)
        else:
            row[RENAMED.get(key, key)] = _text(value)
    return row


def role_rows(user: dict[str, Any]) -> list[dict[str, str]]:
    """A 1.2 user's `roles` as rows of `roles.csv`. The REST binding gives a role no
    sourcedId of its own; each is named `<user>:<org>:<role>`, stable across pulls."""
    user_id = str(user.get("sourcedId") or "")
    rows = []
    for role in user.get("roles") or []:
        if not isinstance(role, dict):
            continue
        org_id = _ref_id(role.get("org"))
        rows.append(
            {
                "sourcedId": f"{user_id}:{org_id}:{role.get('role', '')}",
                "status": _text(user.get("status")),
                "dateLastModified": _text(user.get("dateLastModified")),
                "userSourcedId": user_id,
                "roleType": _text(role.get("roleType")),
                "role": _text(role.get("role")),
                "beginDate": _text(role.get("beginDate")),
                "endDate": _text(role.get("endDate")),
                "orgSourcedId": org_id,
                "userProfileSourcedId": _ref_id(role.get("userProfile")),
            }
        )
    return rows


def parse_modified(value: Any) -> datetime | None:
    """A `dateLastModified` as an aware datetime (UTC when the text names no zone)."""
    if not value or not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def filter_since(since: datetime) -> str:
    """The 1.2 filter for objects changed after `since`."""
    stamp = since.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
    return f"dateLastModified>'{stamp}'"


# HTTP ------------------------------------------------------------------------------------


class OneRosterClient:
    """One pull's conversation with a SIS: a token, then the collections, page by page."""

    def __init__(
        self,
        *,
        base_url: str,
        token_url: str,
        client_id: str,
        client_secret: str,
        scope: str = SCOPE,
        allow_private: bool = False,
        page_size: int = PAGE_SIZE,
    ) -> None:
        self.allow_private = allow_private
        self.base_url = self._checked(base_url).rstrip("/") + "/"
        self.token_url = self._checked(token_url)
        self.client_id, self.client_secret, self.scope = client_id, client_secret, scope
        self.page_size = page_size
        self.session = requests.Session()
        self.session.headers["User-Agent"] = USER_AGENT
        if allow_private:  # a server inside the school network: no proxy in between
            self.session.trust_env = False
        self._token = ""

    def _checked(self, url: str) -> str:
        try:
            return check_fetch_url(url, allow_private=self.allow_private, what="rosters")
        except UnsafeURL as exc:
            raise RosterFetchError(str(exc)) from exc

    def _get_body(self, response: requests.Response) -> Any:
        length = response.headers.get("Content-Length", "")
        if length.isdigit() and int(length) > MAX_PAGE_BYTES:
            raise RosterFetchError("The SIS sent a page larger than 50 MB; ask for smaller pages.")
        body = bytearray()
        for chunk in response.iter_content(64 * 1024):
            body += chunk
            if len(body) > MAX_PAGE_BYTES:
                raise RosterFetchError(
                    "The SIS sent a page larger than 50 MB; ask for smaller pages."
                )
        try:
            return json.loads(bytes(body).decode("utf-8-sig"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise RosterFetchError(
                f"The SIS answered {response.url} with something that is not JSON."
            ) from exc

    def _request(self, method: str, url: str, **kwargs: Any) -> requests.Response:
        try:
            response = self.session.request(
                method, url, timeout=TIMEOUT, allow_redirects=False, stream=True, **kwargs
            )
        except requests.Timeout as exc:
            raise RosterFetchError(f"The SIS did not answer in time ({url}).") from exc
        except requests.RequestException as exc:
            raise RosterFetchError(f"The SIS could not be reached ({url}): {exc}") from exc
        if 300 <= response.status_code < 400:
            raise RosterFetchError(
                f"The SIS answered {url} with a redirect to {response.headers.get('Location')};"
                " give the address it redirects to."
            )
        return response

    def token(self) -> str:
        """A bearer token by client credentials (HTTP Basic client authentication)."""
        response = self._request(
            "POST",
            self.token_url,
            data={"grant_type": "client_credentials", "scope": self.scope},
            auth=(self.client_id, self.client_secret),
            headers={"Accept": "application/json"},
        )
        if response.status_code in (400, 401, 403):
            raise RosterFetchError(
                "The SIS refused the client id or secret "
                f"(the token URL answered {response.status_code})."
            )
        if response.status_code != 200:
            raise RosterFetchError(f"The token URL answered {response.status_code}.")
        body = self._get_body(response)
        token = body.get("access_token") if isinstance(body, dict) else None
        if not token:
            raise RosterFetchError("The token URL answered without an access_token.")
        self._token = str(token)
        return self._token

    def _page(self, url: str, params: dict[str, Any] | None) -> requests.Response:
        for attempt in (1, 2):
            if not self._token:
                self.token()
            response = self._request(
                "GET",
                url,
                params=params,
                headers={"Authorization": f"Bearer {self._token}", "Accept": "application/json"},
            )
            if response.status_code == 401 and attempt == 1:  # the token ran out: once more
                self._token = ""
                continue
            if response.status_code in (401, 403):
                raise RosterFetchError(
                    f"The SIS refused to show {urlsplit(url).path} to this client "
                    f"({response.status_code}); is the roster.readonly scope granted?"
                )
            if response.status_code != 200:
                raise RosterFetchError(f"The SIS answered {response.status_code} for {url}.")
            return response
        raise RosterFetchError(f"The SIS refused the token for {url}.")  # pragma: no cover

    def _next_url(self, response: requests.Response) -> str:
        link = response.links.get("next", {}).get("url", "")
        if not link:
            return ""
        url = urljoin(response.url, link)
        if urlsplit(url).netloc != urlsplit(self.base_url).netloc:
            raise RosterFetchError(f"The SIS's next page is on another host ({url}).")
        return self._checked(url)

    def objects(self, collection: str, *, since: datetime | None = None) -> Iterator[dict]:
        """Every object of `collection` (changed after `since`, when given)."""
        url = urljoin(self.base_url, collection)
        offset = 0
        params: dict[str, Any] | None = {"limit": self.page_size, "offset": 0}
        if since is not None:
            params["filter"] = filter_since(since)
        for _ in range(MAX_PAGES):
            response = self._page(url, params)
            body = self._get_body(response)
            items = body.get(collection) if isinstance(body, dict) else None
            if not isinstance(items, list):
                raise RosterFetchError(
                    f"The SIS's answer for {collection} has no “{collection}” list."
                )
            yield from (item for item in items if isinstance(item, dict))
            offset += len(items)
            total = response.headers.get("X-Total-Count", "")
            next_url = self._next_url(response)
            if next_url and items:
                url, params = next_url, None
                continue
            if params is None:  # the server pages by Link headers: no next, no more
                return
            if not items or len(items) < self.page_size:
                return
            if total.isdigit() and offset >= int(total):
                return
            params = {**params, "limit": self.page_size, "offset": offset}
        raise RosterFetchError(f"The SIS sent more than {MAX_PAGES} pages of {collection}.")


def fetch_roster(client: OneRosterClient, *, since: datetime | None = None) -> FetchedRoster:
    """Every collection, as the CSV tables of a OneRoster 1.2 package (deltas when
    `since` is given)."""
    fetched = FetchedRoster(delta=since is not None)
    for collection in COLLECTIONS:
        rows = fetched.tables.setdefault(collection, [])
        for obj in client.objects(collection, since=since):
            rows.append(columns_of(obj))
            if collection == "users":
                fetched.tables.setdefault("roles", []).extend(role_rows(obj))
            modified = parse_modified(obj.get("dateLastModified"))
            if modified and (fetched.newest is None or modified > fetched.newest):
                fetched.newest = modified
    return fetched
