"""What every file's import shares: reading a line's common columns, the record it
updates, the outcome of each line, and writing in chunks.

A file is imported in chunks of `CHUNK` lines: the chunk's RosterRecords are looked up
in one query, each importer looks up what else it needs for the chunk in bulk
(`prepare`), decides each line, and writes the chunk's rows and records in bulk, in
one transaction (`flush`). A crash midway leaves whole chunks written, and a rerun
finds them "unchanged".
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from ...models import DistrictSettings, Organization, RosterRecord
from ..package import Row, Table
from ..report import CREATED, DEACTIVATED, UNCHANGED, UPDATED, RosterReport

CHUNK = 500
ACTIVE = RosterRecord.Status.ACTIVE
TO_BE_DELETED = RosterRecord.Status.TO_BE_DELETED
# Never read at all (OneRoster allows a password column; Cairn keeps none).
NOT_STORED = frozenset({"password"})
_RECORD = ("sourcedId", "status", "dateLastModified")
# People's files: only the columns Cairn uses are kept with the record (no phone, no
# race or birthplace, no extension column); the rest is read, counted in the digest
# (so an unchanged line is still "unchanged") and dropped.
KEPT: dict[str, frozenset[str]] = {
    "users": frozenset(
        {
            *_RECORD,
            "enabledUser",
            "username",
            "identifier",
            "email",
            "givenName",
            "familyName",
            "middleName",
            "preferredGivenName",
            "preferredMiddleName",
            "preferredFamilyName",
            "grades",
            "role",
            "orgSourcedIds",
            "primaryOrgSourcedId",
        }
    ),
    "demographics": frozenset({*_RECORD, "birthDate"}),
}
# Keys of a record's data that the import writes itself (what the record made), kept
# from one import to the next; never a OneRoster column.
RESERVED_PREFIX = "_"


class Refused(Exception):
    """A line that is not imported, with the reason (naming the column)."""


@dataclass
class Line:
    row: Row
    sid: str
    status: str
    modified: datetime.datetime | None
    data: dict[str, str]
    digest: str
    record: RosterRecord | None = None
    # What an importer's check found for the line's write (users: the account, roles).
    found: dict[str, Any] = field(default_factory=dict)

    def get(self, column: str) -> str:
        return self.data.get(column, "")

    def values(self, column: str) -> list[str]:
        """A column holding a comma-separated list (orgSourcedIds, grades, ...)."""
        return [v.strip() for v in self.get(column).split(",") if v.strip()]


def kept_data(table: str, data: dict[str, Any]) -> dict[str, Any]:
    """What is stored of a line of `table` (`KEPT`; every column of other tables)."""
    kept = KEPT.get(table)
    if kept is None:
        return dict(data)
    return {k: v for k, v in data.items() if k in kept or k.startswith(RESERVED_PREFIX)}


def digest_of(data: dict[str, str]) -> str:
    kept = {k: v for k, v in sorted(data.items()) if k != "dateLastModified"}
    return hashlib.sha256(json.dumps(kept, ensure_ascii=False).encode()).hexdigest()


def parse_modified(value: str) -> datetime.datetime | None:
    """dateLastModified: an ISO 8601 date and time (UTC when it names no zone), or a date."""
    if not value:
        return None
    try:
        found = parse_datetime(value.replace(" ", "T", 1))
        if found is None and len(value) == 10:
            day = parse_date(value)
            found = datetime.datetime.combine(day, datetime.time()) if day else None
    except ValueError:  # well-formed but impossible (month 13)
        found = None
    if found is None:
        raise Refused(
            f"dateLastModified {value!r} is not a date and time like 2026-09-01T12:00:00Z "
            "(column dateLastModified)"
        )
    if timezone.is_naive(found):
        found = found.replace(tzinfo=datetime.UTC)
    return found


def parse_day(value: str, column: str) -> datetime.date | None:
    """A date column (birthDate, startDate…): ISO 8601, a time after it ignored."""
    if not value:
        return None
    try:
        found = parse_date(value.split("T", 1)[0])
    except ValueError:
        found = None
    if found is None:
        raise Refused(f"{column} {value!r} is not a date like 2026-09-01 (column {column})")
    return found


def school_year_of(value: str) -> str:
    """OneRoster's schoolYear ("2027", the year it ends) as Cairn writes it (2026-2027)."""
    value = value.strip()
    if len(value) == 4 and value.isdigit():
        return f"{int(value) - 1}-{value}"
    return value[:9]


@dataclass
class Run:
    """One import: its district, who acts, and what its files share."""

    district: Organization
    settings: DistrictSettings
    report: RosterReport
    version: str
    dry_run: bool
    package_tables: dict[str, Table]
    progress: Callable[[int], None]
    now: datetime.datetime = field(default_factory=timezone.now)
    # sourcedId -> data of every line taken this run, by kind (what a dry run would
    # have written, for the files that refer to it).
    accepted: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)
    org_ids: set[int] = field(default_factory=set)
    # Memberships the roster had made and this run ended (in the audit entry).
    memberships_ended: int = 0

    def refresh_org_ids(self) -> None:
        self.org_ids = set(
            Organization.objects.filter(
                Q(pk=self.district.pk) | Q(parent=self.district, kind=Organization.Kind.SCHOOL)
            ).values_list("pk", flat=True)
        )

    def records(
        self, kind: str, sids: Iterable[str], *, related: tuple[str, ...] = ()
    ) -> dict[str, RosterRecord]:
        wanted = {s for s in sids if s}
        if not wanted:
            return {}
        found = RosterRecord.objects.filter(
            district=self.district, kind=kind, sourced_id__in=wanted
        ).select_related(*related)
        return {r.sourced_id: r for r in found}

    def known(self, kind: str, sid: str, stored: dict[str, RosterRecord]) -> bool:
        """Is `sid` a live `kind` of this district: taken active earlier this run, or
        stored active (and not removed earlier this run)?"""
        taken = self.accepted.get(kind, {}).get(sid)
        if taken is not None:
            return taken.get("status", ACTIVE) == ACTIVE
        record = stored.get(sid)
        return record is not None and record.status == ACTIVE

    def data_of(self, kind: str, sid: str, stored: dict[str, RosterRecord]) -> dict[str, str]:
        if sid in self.accepted.get(kind, {}):
            return self.accepted[kind][sid]
        record = stored.get(sid)
        return dict(record.data) if record is not None else {}


class FileImporter:
    """One file's import. Subclasses set `kind` and `table` and write the lines."""

    kind: ClassVar[str]
    table: ClassVar[str]

    def __init__(self, run: Run) -> None:
        self.run = run
        self.new_records: list[RosterRecord] = []
        self.changed_records: list[RosterRecord] = []

    # What a subclass writes ------------------------------------------------------------

    def prepare(self, lines: list[Line]) -> None:
        """Look up in bulk what the chunk's lines refer to."""

    def linked(self, record: RosterRecord) -> bool:
        """Does the record still point at what it became? (If not, it is redone.)"""
        return True

    def check(self, line: Line) -> None:
        """Raise `Refused` for an active line that cannot be imported."""

    def write(self, line: Line) -> dict[str, Any]:
        """Create or update what an active line becomes; the record's links."""
        return {}

    def remove(self, line: Line) -> dict[str, Any]:
        """What a `tobedeleted` line does (nothing is deleted); the record's links."""
        return {}

    def flush(self) -> None:
        """Write the chunk's rows in bulk (before its records)."""

    # The records ---------------------------------------------------------------------

    def keep_record(self, line: Line, links: dict[str, Any]) -> None:
        self.run.accepted.setdefault(self.kind, {})[line.sid] = line.data
        if self.run.dry_run:
            return
        record = line.record
        data = kept_data(self.table, line.data)
        if record is not None:
            # What the record made stays with it; a `tobedeleted` line (often just its
            # sourcedId) keeps the columns the record had (the org and role it named).
            old = record.data or {}
            kept = {k: v for k, v in old.items() if k.startswith(RESERVED_PREFIX)}
            if line.status == TO_BE_DELETED:
                kept.update({k: v for k, v in kept_data(self.table, old).items() if v})
                kept.update({k: v for k, v in data.items() if v or k not in kept})
                data = kept
            else:
                data = {**kept, **data}
        values = {
            "status": line.status,
            "date_last_modified": line.modified,
            "digest": line.digest,
            "data": data,
            "updated_at": self.run.now,
            **links,
        }
        if record is None:
            self.new_records.append(
                RosterRecord(
                    district=self.run.district, kind=self.kind, sourced_id=line.sid, **values
                )
            )
        else:
            for name, value in values.items():
                setattr(record, name, value)
            self.changed_records.append(record)

    def flush_records(self) -> None:
        if self.new_records:
            RosterRecord.objects.bulk_create(self.new_records, batch_size=CHUNK)
        if self.changed_records:
            RosterRecord.objects.bulk_update(
                self.changed_records,
                [
                    "status",
                    "date_last_modified",
                    "digest",
                    "data",
                    "updated_at",
                    "identifier",
                    "username",
                    "organization",
                    "user",
                    "section",
                    "membership",
                ],
                batch_size=CHUNK,
            )
        self.new_records, self.changed_records = [], []

    # The lines -----------------------------------------------------------------------

    def decide(self, line: Line) -> str:
        record = line.record
        if line.status == TO_BE_DELETED:
            if record is None:
                raise Refused(
                    f"status is tobedeleted, but no {RosterRecord.Kind(self.kind).label.lower()} "
                    "with this sourcedId was imported: nothing to remove"
                )
            if record.status == TO_BE_DELETED:
                return UNCHANGED
            self.keep_record(line, self.remove(line))
            return DEACTIVATED
        if (
            record is not None
            and record.status == ACTIVE
            and record.digest == line.digest
            and self.linked(record)
        ):
            self.run.accepted.setdefault(self.kind, {})[line.sid] = line.data
            return UNCHANGED
        self.check(line)
        self.keep_record(line, self.write(line))
        return CREATED if record is None else UPDATED

    def run_table(self, table: Table) -> None:
        report, file_name = self.run.report, table.file_name
        report.by_file.setdefault(file_name, dict.fromkeys(report.totals, 0))
        first_line: dict[str, int] = {}
        for chunk in chunked(table.rows, CHUNK):
            lines = []
            for row in chunk:
                try:
                    lines.append(self.read(row, first_line))
                except Refused as exc:
                    report.refuse(file_name, row.line, row.fields.get("sourcedId", ""), str(exc))
            with transaction.atomic():
                # One import of a district at a time, chunk by chunk: a second one waits,
                # then finds this chunk's records.
                Organization.objects.select_for_update().filter(pk=self.run.district.pk).first()
                stored = self.run.records(self.kind, [line.sid for line in lines])
                for line in lines:
                    line.record = stored.get(line.sid)
                self.prepare(lines)
                for line in lines:
                    try:
                        report.count(file_name, self.decide(line))
                    except Refused as exc:
                        report.refuse(file_name, line.row.line, line.sid, str(exc))
                if not self.run.dry_run:
                    self.flush()
                    self.flush_records()
            self.run.progress(len(chunk))

    def read(self, row: Row, first_line: dict[str, int]) -> Line:
        fields = row.fields
        sid = fields.get("sourcedId", "")
        if not sid:
            raise Refused("no sourcedId (column sourcedId)")
        if sid in first_line:
            raise Refused(
                f"sourcedId {sid!r} appears again in this file (first on line "
                f"{first_line[sid]}); only the first is imported"
            )
        first_line[sid] = row.line
        status = fields.get("status", "").lower() or ACTIVE
        if status not in (ACTIVE, TO_BE_DELETED):
            raise Refused(
                f"status {fields.get('status')!r} is not active or tobedeleted (column status)"
            )
        modified = parse_modified(fields.get("dateLastModified", ""))
        data = {k: v for k, v in fields.items() if k not in NOT_STORED and k != "status"}
        data["status"] = status
        return Line(
            row=row, sid=sid, status=status, modified=modified, data=data, digest=digest_of(data)
        )


def chunked(rows: list[Row], size: int) -> Iterator[list[Row]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]
