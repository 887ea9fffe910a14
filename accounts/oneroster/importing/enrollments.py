"""enrollments.csv → the teachers and students of sections. A `tobedeleted`
enrollment takes the person out of the section if the roster put them in (not if they
were there already, put by a teacher or an admin); the record is kept."""

from __future__ import annotations

from typing import Any

from ...models import RosterRecord, Section
from .base import CHUNK, FileImporter, Line, Refused

CLASS = RosterRecord.Kind.CLASS
USER = RosterRecord.Kind.USER
SECTION_ROLES = {"teacher": "teachers", "student": "students"}
# An enrollment record's data: did the roster put the person in the section?
MADE = "_made"


def _through(side: str) -> Any:
    return getattr(Section, side).through


class EnrollmentImporter(FileImporter):
    kind = RosterRecord.Kind.ENROLLMENT
    table = "enrollments"

    def prepare(self, lines: list[Line]) -> None:
        sids = [line.get("classSourcedId") for line in lines]
        sids += [line.record.data.get("classSourcedId", "") for line in lines if line.record]
        self.classes = self.run.records(CLASS, sids)
        users = [line.get("userSourcedId") for line in lines]
        users += [line.record.data.get("userSourcedId", "") for line in lines if line.record]
        self.users = self.run.records(USER, users)
        section_ids = {r.section_id for r in self.classes.values() if r.section_id}
        user_ids = {r.user_id for r in self.users.values() if r.user_id}
        self.present = {
            (side, row.section_id, row.user_id)
            for side in SECTION_ROLES.values()
            for row in _through(side).objects.filter(
                section_id__in=section_ids, user_id__in=user_ids
            )
        }
        self.add: dict[str, set[tuple[int, int]]] = {"teachers": set(), "students": set()}

    def linked(self, record: RosterRecord) -> bool:
        return record.section_id is not None and record.user_id is not None

    def check(self, line: Line) -> None:
        role = line.get("role").lower()
        if role not in SECTION_ROLES:
            raise Refused(
                f"role {line.get('role')!r} is not imported: Cairn's sections have teachers "
                "and students (column role)"
                if role
                else "no role (column role)"
            )
        klass, user = line.get("classSourcedId"), line.get("userSourcedId")
        if not klass:
            raise Refused("no classSourcedId (column classSourcedId)")
        if not self.run.known(CLASS, klass, self.classes):
            raise Refused(f"classSourcedId {klass!r}: no such class (column classSourcedId)")
        if not user:
            raise Refused("no userSourcedId (column userSourcedId)")
        if not self.run.known(USER, user, self.users):
            raise Refused(
                f"userSourcedId {user!r}: no such person (never imported, or their users.csv "
                "line was refused) (column userSourcedId)"
            )

    def _pair(self, data: dict[str, str]) -> tuple[str, int, int] | None:
        side = SECTION_ROLES.get(data.get("role", "").lower())
        klass = self.classes.get(data.get("classSourcedId", ""))
        user = self.users.get(data.get("userSourcedId", ""))
        if (
            side is None
            or klass is None
            or user is None
            or not klass.section_id
            or not user.user_id
        ):
            return None
        return side, klass.section_id, user.user_id

    def _leave(self, data: dict[str, str]) -> None:
        pair = self._pair(data)
        if pair is not None:
            side, section_id, user_id = pair
            _through(side).objects.filter(section_id=section_id, user_id=user_id).delete()

    def write(self, line: Line) -> dict[str, Any]:
        if self.run.dry_run:
            return {}
        pair = self._pair(line.data)
        if pair is None:
            raise Refused("the class or the person is not in Cairn")
        record = line.record
        before = self._pair(record.data) if record is not None else None
        made_before = record is not None and bool(record.data.get(MADE))
        if before not in (None, pair) and made_before:
            self._leave(record.data)  # moved to another class, or another role
        side, section_id, user_id = pair
        line.data[MADE] = pair not in self.present or (made_before and before == pair)
        self.add[side].add((section_id, user_id))
        return {"section_id": section_id, "user_id": user_id}

    def remove(self, line: Line) -> dict[str, Any]:
        if not self.run.dry_run and line.record is not None and line.record.data.get(MADE):
            self._leave(line.record.data)
        return {}

    def flush(self) -> None:
        for side, pairs in self.add.items():
            if pairs:
                through = _through(side)
                rows = [through(section_id=s, user_id=u) for s, u in pairs]
                through.objects.bulk_create(rows, batch_size=CHUNK, ignore_conflicts=True)
