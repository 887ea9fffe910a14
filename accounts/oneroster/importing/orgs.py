"""orgs.csv → the district (itself) and its schools; academicSessions.csv and
courses.csv → records that sections read (school year, course code, subjects)."""

from __future__ import annotations

from typing import Any

from core.slugs import unique_slug

from ...models import Organization, RosterRecord
from .base import FileImporter, Line, Refused, Run, parse_day

ORG = RosterRecord.Kind.ORG
SCHOOL = Organization.Kind.SCHOOL
NOT_IMPORTED_TYPES = ("department", "local", "state", "national")


def _name_key(name: str) -> str:
    return "".join(c for c in name.casefold() if c.isalnum())


def same_name(a: str, b: str) -> bool:
    """Do two names of a district agree (their letters and digits, in any case)?"""
    return bool(_name_key(a)) and _name_key(a) == _name_key(b)


def district_sid_of(run: Run) -> str | None:
    """The sourcedId the package gives the district being imported into: the one an
    earlier import linked, else the package's district row of the same name (letters
    and digits compared, any case). A package of another district matches none."""
    linked = RosterRecord.objects.filter(
        district=run.district, kind=ORG, organization=run.district
    ).values_list("sourced_id", flat=True)
    for sid in linked:
        return sid
    rows = run.package_tables["orgs"].rows if "orgs" in run.package_tables else []
    named = [
        r.fields.get("sourcedId", "")
        for r in rows
        if r.fields.get("type", "").lower() == "district"
        and same_name(r.fields.get("name", ""), run.district.name)
    ]
    return named[0] if len(named) == 1 and named[0] else None


class OrgImporter(FileImporter):
    kind = ORG
    table = "orgs"

    def __init__(self, run: Run) -> None:
        super().__init__(run)
        self.district_sid = district_sid_of(run)
        rows = run.package_tables["orgs"].rows
        self.parents = {r.fields.get("sourcedId", ""): r.fields for r in rows}
        stored = RosterRecord.objects.filter(district=run.district, kind=ORG).select_related(
            "organization"
        )
        self.stored = {r.sourced_id: r for r in stored}
        # Schools of the district not linked to a record yet, by name (the district's
        # admins may have made them before the first import): taken over by name.
        linked = {r.organization_id for r in self.stored.values() if r.organization_id}
        self.unlinked = {
            o.name.casefold(): o
            for o in Organization.objects.filter(parent=run.district, kind=SCHOOL).exclude(
                pk__in=linked
            )
        }

    def linked(self, record: RosterRecord) -> bool:
        kind = record.data.get("type", "").lower()
        return kind not in ("district", "school") or record.organization_id is not None

    def _reaches_district(self, sid: str) -> bool:
        """Does the chain of parentSourcedIds from `sid` reach this district?"""
        seen: set[str] = set()
        while sid and sid not in seen:
            if sid == self.district_sid:
                return True
            seen.add(sid)
            fields = self.parents.get(sid)
            if fields is None:
                stored = self.stored.get(sid)
                fields = stored.data if stored is not None else {}
            if fields.get("type", "").lower() == "district":
                return False
            sid = fields.get("parentSourcedId", "")
        return False

    def check(self, line: Line) -> None:
        kind = line.get("type").lower()
        if not line.get("name"):
            raise Refused("no name (column name)")
        if kind == "district":
            if line.sid != self.district_sid:
                raise Refused(
                    f"another district than {self.run.district.name} (type district); an "
                    "import touches only the district it is made for (the first import "
                    "finds the district by its name: if the SIS names it otherwise, give "
                    "the district in Cairn the SIS's name)"
                )
        elif kind == "school":
            parent = line.get("parentSourcedId")
            if parent and not self._reaches_district(parent):
                raise Refused(
                    f"parentSourcedId {parent!r} is not {self.run.district.name} or one of "
                    "its organizations; a school of another district is not imported "
                    "(column parentSourcedId)"
                )
            record = line.record
            if (
                record is not None
                and record.organization is not None
                and record.organization.parent_id != self.run.district.pk
            ):
                raise Refused("this school belongs to another district in Cairn")
        elif kind in NOT_IMPORTED_TYPES:
            raise Refused(
                f"type {kind!r} is not imported: Cairn holds the district and its schools "
                "(the schools under it are imported)"
            )
        else:
            raise Refused(
                f"type {line.get('type')!r} is not a OneRoster organization type "
                "(district, school, department, local, state, national) (column type)"
            )

    def write(self, line: Line) -> dict[str, Any]:
        if line.get("type").lower() == "district":
            return {"organization": self.run.district}
        name = line.get("name")[:200]
        record = line.record
        school = record.organization if record is not None else None
        if school is None:
            school = self.unlinked.pop(name.casefold(), None)
        if self.run.dry_run:
            return {}
        if school is None:
            school = Organization.objects.create(
                kind=SCHOOL,
                parent=self.run.district,
                name=name,
                slug=unique_slug(Organization, name, fallback="school", max_length=80),
            )
        elif school.name != name:
            school.name = name
            school.save(update_fields=["name"])
        return {"organization": school}

    def remove(self, line: Line) -> dict[str, Any]:
        # The record is marked; the school, its sections and people stay.
        return {}

    def flush(self) -> None:
        pass


class SessionImporter(FileImporter):
    kind = RosterRecord.Kind.ACADEMIC_SESSION
    table = "academicSessions"

    def check(self, line: Line) -> None:
        start = parse_day(line.get("startDate"), "startDate")
        end = parse_day(line.get("endDate"), "endDate")
        if start and end and end < start:
            raise Refused("endDate is before startDate (columns startDate, endDate)")


class CourseImporter(FileImporter):
    kind = RosterRecord.Kind.COURSE
    table = "courses"

    def prepare(self, lines: list[Line]) -> None:
        self.orgs = self.run.records(ORG, [line.get("orgSourcedId") for line in lines])

    def check(self, line: Line) -> None:
        org = line.get("orgSourcedId")
        if org and not self.run.known(ORG, org, self.orgs):
            raise Refused(
                f"orgSourcedId {org!r} is not an organization of this district "
                "(column orgSourcedId)"
            )
