"""classes.csv → sections of the district's schools (their course code, subject and
school year from courses.csv and academicSessions.csv)."""

from __future__ import annotations

from typing import Any

from ...models import Organization, RosterRecord, Section
from .base import CHUNK, FileImporter, Line, Refused, school_year_of

ORG = RosterRecord.Kind.ORG
COURSE = RosterRecord.Kind.COURSE
SESSION = RosterRecord.Kind.ACADEMIC_SESSION
FIELDS = ("name", "code", "course_code", "subject", "school_year")


class ClassImporter(FileImporter):
    kind = RosterRecord.Kind.CLASS
    table = "classes"

    def prepare(self, lines: list[Line]) -> None:
        self.schools = self.run.records(
            ORG, [line.get("schoolSourcedId") for line in lines], related=("organization",)
        )
        self.courses = self.run.records(COURSE, [line.get("courseSourcedId") for line in lines])
        self.terms = self.run.records(
            SESSION, [t for line in lines for t in line.values("termSourcedIds")]
        )
        ids = [line.record.section_id for line in lines if line.record and line.record.section_id]
        self.sections = Section.objects.in_bulk(ids)
        self.new_sections: list[Section] = []
        self.changed_sections: list[Section] = []

    def linked(self, record: RosterRecord) -> bool:
        return record.section_id is not None

    def _school(self, line: Line) -> Organization | None:
        sid = line.get("schoolSourcedId")
        if not sid:
            raise Refused("no schoolSourcedId (column schoolSourcedId)")
        if not self.run.known(ORG, sid, self.schools):
            raise Refused(
                f"schoolSourcedId {sid!r} is not a school of this district (column schoolSourcedId)"
            )
        if self.run.data_of(ORG, sid, self.schools).get("type", "").lower() != "school":
            raise Refused(f"schoolSourcedId {sid!r} is not a school (column schoolSourcedId)")
        record = self.schools.get(sid)
        return record.organization if record is not None else None

    def check(self, line: Line) -> None:
        if not line.get("title"):
            raise Refused("no title (column title)")
        self._school(line)
        course = line.get("courseSourcedId")
        if course and not self.run.known(COURSE, course, self.courses):
            raise Refused(f"courseSourcedId {course!r}: no such course (column courseSourcedId)")

    def _values(self, line: Line) -> dict[str, str]:
        course = self.run.data_of(COURSE, line.get("courseSourcedId"), self.courses)
        year = ""
        for term in line.values("termSourcedIds"):
            year = school_year_of(self.run.data_of(SESSION, term, self.terms).get("schoolYear", ""))
            if year:
                break
        if not year:
            year = school_year_of(
                self.run.data_of(SESSION, course.get("schoolYearSourcedId", ""), self.terms).get(
                    "schoolYear", ""
                )
            )
        return {
            "name": line.get("title")[:200],
            "code": line.get("classCode")[:50],
            "course_code": course.get("courseCode", "")[:50],
            "subject": (line.get("subjects") or course.get("subjects", ""))[:100],
            "school_year": year,
        }

    def write(self, line: Line) -> dict[str, Any]:
        school = self._school(line)
        if self.run.dry_run or school is None:
            return {}
        values = self._values(line)
        record = line.record
        section = self.sections.get(record.section_id) if record and record.section_id else None
        if section is None:
            section = Section(school=school, **values)
            self.new_sections.append(section)
        else:
            if section.school_id != school.pk or any(
                getattr(section, k) != v for k, v in values.items()
            ):
                section.school = school
                for name, value in values.items():
                    setattr(section, name, value)
                self.changed_sections.append(section)
        return {"section": section}

    def remove(self, line: Line) -> dict[str, Any]:
        """The class is over: the teachers and students the roster put in it leave it
        (not those a teacher or an admin added); the section stays."""
        record = line.record
        if not self.run.dry_run and record is not None and record.section_id:
            enrolled = RosterRecord.objects.filter(
                district=self.run.district,
                kind=RosterRecord.Kind.ENROLLMENT,
                section_id=record.section_id,
                user_id__isnull=False,
            ).values_list("user_id", "data")
            made: dict[str, set[int]] = {"teacher": set(), "student": set()}
            for user_id, data in enrolled:
                role = str(data.get("role", "")).lower()
                if data.get("_made") and role in made:
                    made[role].add(user_id)
            Section.teachers.through.objects.filter(
                section_id=record.section_id, user_id__in=made["teacher"]
            ).delete()
            Section.students.through.objects.filter(
                section_id=record.section_id, user_id__in=made["student"]
            ).delete()
        return {}

    def flush(self) -> None:
        if self.new_sections:
            Section.objects.bulk_create(self.new_sections, batch_size=CHUNK)
        if self.changed_sections:
            Section.objects.bulk_update(
                self.changed_sections, ["school", *FIELDS], batch_size=CHUNK
            )
