"""The SIS's OneRoster 1.2 API: its connection settings and the pulls from it.

- `roster_connection_update` keeps a district's base URL, token URL, client id and
  (write-only, sealed at rest) client secret, and whether it is pulled nightly. An
  address on a private network is refused unless the operator sets
  `ROSTER_FETCH_ALLOW_PRIVATE`.
- `roster_pull` starts a pull: a job, "running", and the Celery task
  `roster_pull_run` once this commits (the "Pull now" button, and the nightly task for
  every enabled connection).
- `roster_pull_job_run` (the task's body) reads every collection (after the first
  successful pull, only what changed since the newest `dateLastModified` seen) and
  runs the same import as an upload. The newest date is kept only once the import
  succeeds, so a failed pull is asked for again in full the next time; and never past
  a refused line's date, so a refused line is asked for again (once fixed in the SIS,
  it imports).
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import AuditAction, audit_record
from core.errors import Forbidden, ServiceError
from core.net import UnsafeURL, check_fetch_url

from ...models import Organization, RosterConnection, RosterImport, User
from ..importing.base import Refused, parse_modified
from ..package import RosterPackage, Row, Table
from ..permissions import may_import
from ..rest import FetchedRoster, OneRosterClient, RosterFetchError, fetch_roster
from .flow import NIGHTLY_LABEL, Status
from .uploads import claim_job, delete_stale_uploads, end_job, run_import

logger = logging.getLogger(__name__)
API_NAME = "OneRoster API"
STALE_AFTER = timedelta(hours=6)


class RosterConnectionError(ServiceError):
    code = "roster_connection"

    def __init__(self, message: str, *, field: str = "") -> None:
        super().__init__(message)
        self.field = field


def allow_private() -> bool:
    return bool(getattr(settings, "ROSTER_FETCH_ALLOW_PRIVATE", False))


def _checked(url: str, field: str) -> str:
    """The URL if Cairn may call it: https (the client secret and students' data travel
    on it) at a public host; ROSTER_FETCH_ALLOW_PRIVATE allows plain http and private
    hosts (a SIS inside the district's network)."""
    if not allow_private() and not url.strip().lower().startswith("https://"):
        raise RosterConnectionError(
            _("Give an https:// address: the client secret and students' data are sent to it."),
            field=field,
        )
    try:
        return check_fetch_url(url, allow_private=allow_private(), what="rosters")
    except UnsafeURL as exc:
        raise RosterConnectionError(str(exc), field=field) from exc


def roster_connection_update(
    *,
    actor: User,
    district: Organization,
    base_url: str,
    token_url: str,
    client_id: str,
    client_secret: str = "",
    scope: str = "",
    enabled: bool = True,
) -> RosterConnection:
    """Create or change `district`'s SIS connection. An empty secret keeps the one set."""
    if not may_import(actor, district):
        raise Forbidden("The SIS connection is for the district's admins.")
    base_url = _checked(base_url, "base_url")
    token_url = _checked(token_url, "token_url")
    client_id = client_id.strip()
    if not client_id:
        raise RosterConnectionError("Give the client id the SIS issued.", field="client_id")
    with transaction.atomic():
        connection = RosterConnection.objects.select_for_update().filter(district=district).first()
        created = connection is None
        if connection is None:
            connection = RosterConnection(district=district)
        if not client_secret and not connection.secret_sealed:
            raise RosterConnectionError(
                "Give the client secret the SIS issued.", field="client_secret"
            )
        before = {
            "base_url": connection.base_url,
            "token_url": connection.token_url,
            "client_id": connection.client_id,
            "scope": connection.scope,
            "enabled": connection.enabled,
        }
        connection.base_url, connection.token_url = base_url, token_url
        connection.client_id = client_id
        connection.scope = scope.strip() or RosterConnection._meta.get_field("scope").default
        connection.enabled = enabled
        if client_secret:
            connection.seal_secret(client_secret)
        connection.save()
        after = {name: getattr(connection, name) for name in before}
        audit_record(
            actor=actor,
            action=AuditAction.ROSTER_CONNECTION_UPDATE,
            target=connection,
            data={
                "district": district.slug,
                "created": created,
                "changed": sorted(k for k in after if after[k] != before[k]),
                "secret_changed": bool(client_secret),
            },
        )
    return connection


def roster_pull(
    *, actor: User | None, connection: RosterConnection, actor_label: str = ""
) -> RosterImport:
    """Start pulling `connection`'s roster (a job now, the task once this commits).
    `actor` None is the nightly schedule (`actor_label` names it)."""
    from .. import tasks

    district = connection.district
    if actor is not None and not may_import(actor, district):
        raise Forbidden("The SIS connection is for the district's admins.")
    with transaction.atomic():
        locked = (
            RosterConnection.objects.select_for_update(of=("self",))
            .select_related("district")
            .filter(pk=connection.pk)
            .first()
        )
        if locked is None:
            raise RosterConnectionError("This district has no SIS connection.")
        if not locked.secret_sealed:
            raise RosterConnectionError("Set the client secret before pulling.")
        now = timezone.now()
        # A pull started long ago whose worker died does not block the next one.
        running = RosterImport.objects.filter(
            district=district,
            source=RosterImport.Source.REST,
            status=Status.RUNNING,
            created_at__gt=now - STALE_AFTER,
        )
        if running.exists():
            raise RosterConnectionError("A pull from the SIS is running already; wait for it.")
        job = RosterImport.objects.create(
            district=district,
            source=RosterImport.Source.REST,
            status=Status.RUNNING,
            actor=actor,
            file_name=API_NAME,
            version="1.2",
            mode="delta" if locked.last_modified_seen else "bulk",
            created_at=now,  # started_at: set by the task's delivery that runs it
        )
        audit_record(
            actor=actor,
            actor_label=actor_label,
            action=AuditAction.ROSTER_PULL,
            target=job,
            data={
                "district": district.slug,
                "since": locked.last_modified_seen.isoformat() if locked.last_modified_seen else "",
            },
        )
        public_id = str(job.public_id)
        transaction.on_commit(lambda: tasks.roster_pull_run.delay(public_id))
    return job


def package_of(fetched: FetchedRoster) -> RosterPackage:
    """The tables read from the API as the package the import takes (a line is the
    object's place in its collection, from 1)."""
    mode = "delta" if fetched.delta else "bulk"
    return RosterPackage(
        version="1.2",
        tables={
            name: Table(
                name=name,
                mode=mode,
                rows=[Row(line=n, fields=fields) for n, fields in enumerate(rows, start=1)],
            )
            for name, rows in fetched.tables.items()
            if rows
        },
    )


def _client(connection: RosterConnection) -> OneRosterClient:
    return OneRosterClient(
        base_url=connection.base_url,
        token_url=connection.token_url,
        client_id=connection.client_id,
        client_secret=connection.secret(),
        scope=connection.scope,
        allow_private=allow_private(),
    )


def roster_pull_job_run(*, job_public_id: str) -> RosterImport | None:
    """Read the SIS's roster and import it for a running pull job."""
    job, claimed = claim_job(job_public_id, RosterImport.Source.REST)
    if job is None or not claimed:
        return job
    connection = RosterConnection.objects.filter(district=job.district).first()
    if connection is None:
        return end_job(job, Status.FAILED, "The district's SIS connection is gone.")
    since = connection.last_modified_seen
    try:
        fetched = fetch_roster(_client(connection), since=since)
    except RosterFetchError as exc:
        job = end_job(job, Status.FAILED, exc.message)
    except Exception as exc:
        logger.exception("Roster pull %s stopped", job.public_id)
        job = end_job(job, Status.FAILED, f"The pull stopped unexpectedly: {exc}")
    else:
        package = package_of(fetched)
        job.total = package.total
        job.save(update_fields=["total", "updated_at"])
        job = run_import(job, package)
        if job.status == Status.DONE and fetched.newest is not None:
            newest = seen_after(job, package, since=since, newest=fetched.newest)
            RosterConnection.objects.filter(pk=connection.pk).update(last_modified_seen=newest)
    RosterConnection.objects.filter(pk=connection.pk).update(
        last_import=job, updated_at=timezone.now()
    )
    return job


def seen_after(
    job: RosterImport, package: RosterPackage, *, since: datetime | None, newest: datetime
) -> datetime | None:
    """The date the next pull asks for changes after: the newest pulled, but never at or
    past a refused line's (the SIS sends what changed strictly after it), nor ever
    back before `since`; a refused line without a date keeps `since`."""
    by_file = {table.file_name: table for table in package.tables.values()}
    bound = newest
    for file_name, line in job.problems.values_list("file_name", "line"):
        table = by_file.get(file_name)
        row = table.rows[line - 1] if table is not None and 0 < line <= len(table.rows) else None
        try:
            modified = parse_modified(row.fields.get("dateLastModified", "")) if row else None
        except Refused:
            modified = None
        if modified is None:
            return since
        bound = min(bound, modified - timedelta(milliseconds=1))
    return max(filter(None, [since, bound]))


def roster_pull_nightly() -> list[RosterImport]:
    """Start a pull of every enabled connection (one task per district)."""
    started: list[RosterImport] = []
    connections: Any = RosterConnection.objects.filter(enabled=True).exclude(secret_sealed="")
    for connection in connections.select_related("district"):
        try:
            started.append(
                roster_pull(actor=None, connection=connection, actor_label=NIGHTLY_LABEL)
            )
        except ServiceError as exc:
            logger.warning("Nightly roster pull of %s not started: %s", connection.district, exc)
    delete_stale_uploads()
    return started
