"""Importing bulk packages (1.2, 1.1, messy): exactly what each line becomes, a rerun
that changes nothing, a dry run that writes nothing, and the job's counts."""

import shutil

import pytest

from accounts.models import (
    Membership,
    Organization,
    RosterImport,
    RosterRecord,
    Section,
    User,
)
from accounts.oneroster import read_package, roster_import
from accounts.oneroster.importing.enrollments import EnrollmentImporter
from core.models import AuditEntry
from tests.accounts.factories import MembershipFactory, UserFactory

from .conftest import DATA, counts, import_folder, reasons

pytestmark = pytest.mark.django_db

Role = Membership.Role


def roster_rows() -> dict:
    return {
        "users": User.objects.count(),
        "orgs": Organization.objects.count(),
        "memberships": Membership.objects.count(),
        "sections": Section.objects.count(),
        "teachers": Section.teachers.through.objects.count(),
        "students": Section.students.through.objects.count(),
        "records": RosterRecord.objects.count(),
        "audit": AuditEntry.objects.count(),
    }


def test_a_1_2_bulk_package(riverbend, today):
    report = import_folder("bulk_1_2", riverbend)

    assert counts(report, "orgs.csv") == {"created": 3}
    assert counts(report, "academicSessions.csv") == {"created": 2}
    assert counts(report, "courses.csv") == {"created": 2}
    assert counts(report, "classes.csv") == {"created": 2}
    assert counts(report, "users.csv") == {"created": 7, "refused": 2}
    assert counts(report, "roles.csv") == {"created": 7, "refused": 2}
    assert counts(report, "demographics.csv") == {"created": 3}
    assert counts(report, "enrollments.csv") == {"created": 6}
    assert report.totals == {
        "created": 32,
        "updated": 0,
        "unchanged": 0,
        "deactivated": 0,
        "refused": 4,
    }
    assert reasons(report, "users.csv") == {
        "u-g1": "role 'guardian' is not imported: Cairn holds no guardian, parent or relative "
        "accounts (column role of roles.csv)",
        "u-s5": "no e-mail address (column email); Cairn signs people in by address",
    }
    assert [(p.file_name, p.line) for p in report.problems if p.sourced_id == "r-s5"] == [
        ("roles.csv", 10)
    ]

    schools = {o.name: o for o in Organization.objects.filter(parent=riverbend)}
    assert set(schools) == {"Riverbend High School", "Lakeside Middle School"}
    assert all(s.kind == Organization.Kind.SCHOOL for s in schools.values())
    high = schools["Riverbend High School"]

    maria = User.objects.get(email="mlopez@riverbend.example.org")
    assert maria.name == "Maria Lopez"
    assert not maria.has_usable_password()  # signs in through SSO or sets a password
    assert not maria.is_staff
    assert not maria.is_superuser
    assert set(maria.memberships.values_list("organization__name", "role")) == {
        ("Riverbend High School", Role.TEACHER)
    }
    # The preferred given name is the name Cairn shows.
    assert User.objects.get(email="dokafor@riverbend.example.org").name == "Dan Okafor"
    admin = User.objects.get(email="praman@riverbend.example.org")
    assert list(admin.memberships.values_list("organization", "role")) == [
        (riverbend.pk, Role.ADMIN)
    ]
    assert not User.objects.filter(email="pat.chen@example.net").exists()  # the guardian

    record = RosterRecord.objects.get(district=riverbend, kind="user", sourced_id="u-t1")
    assert (record.user, record.identifier, record.username) == (maria, "T1001", "mlopez")
    assert record.data["givenName"] == "Maria"
    assert "pronouns" not in record.data  # read, not kept: Cairn does not use it
    assert record.date_last_modified.isoformat() == "2026-08-01T12:00:00+00:00"

    weld = Section.objects.get(code="WELD1-P2")
    assert (weld.school, weld.name, weld.course_code, weld.subject, weld.school_year) == (
        high,
        "Welding I - Period 2",
        "CTE-WELD-1",
        "Welding",
        "2026-2027",
    )
    assert list(weld.teachers.all()) == [maria]
    assert set(weld.students.values_list("email", flat=True)) == {
        "jchen@students.riverbend.example.org",
        "aowusu@students.riverbend.example.org",
        "rkhan@students.riverbend.example.org",
    }
    ela = Section.objects.get(code="ELA8-P1")
    assert ela.subject == "English Language Arts"  # from the course: the class names none

    entry = AuditEntry.objects.get(action="roster.imported")
    assert entry.target_id == str(riverbend.public_id)
    assert entry.data["created"] == 32
    assert entry.data["refused"] == 4
    assert entry.data["by_file"]["users.csv"]["created"] == 7


def test_a_rerun_changes_nothing(riverbend, today):
    import_folder("bulk_1_2", riverbend)
    before = roster_rows()
    stamps = dict(RosterRecord.objects.values_list("pk", "updated_at"))

    report = import_folder("bulk_1_2", riverbend)

    assert report.totals == {
        "created": 0,
        "updated": 0,
        "unchanged": 32,
        "deactivated": 0,
        "refused": 4,
    }
    after = roster_rows()
    assert after == {**before, "audit": before["audit"] + 1}  # one entry for the import
    assert dict(RosterRecord.objects.values_list("pk", "updated_at")) == stamps


def test_a_changed_line_is_updated_in_place(riverbend, today, tmp_path):
    import_folder("bulk_1_2", riverbend)
    shutil.copytree(DATA / "bulk_1_2", tmp_path / "p")
    users = tmp_path / "p" / "users.csv"
    users.write_bytes(users.read_bytes().replace(b"Jordan,Chen", b"Jordan,Chen-Alvarez"))
    classes = tmp_path / "p" / "classes.csv"
    classes.write_bytes(classes.read_bytes().replace(b"Welding I - Period 2", b"Welding I - P3"))
    before = roster_rows()

    report = roster_import(actor=None, district=riverbend, package=read_package(tmp_path / "p"))

    assert counts(report, "users.csv") == {"updated": 1, "unchanged": 6, "refused": 2}
    assert counts(report, "classes.csv") == {"updated": 1, "unchanged": 1}
    assert User.objects.get(email="jchen@students.riverbend.example.org").name == (
        "Jordan Chen-Alvarez"
    )
    assert Section.objects.get(code="WELD1-P2").name == "Welding I - P3"
    assert roster_rows() == {**before, "audit": before["audit"] + 1}


def test_a_dry_run_reports_the_same_and_writes_nothing(riverbend, today):
    before = roster_rows()
    preview = import_folder("bulk_1_2", riverbend, dry_run=True)
    assert roster_rows() == before
    assert preview.dry_run

    report = import_folder("bulk_1_2", riverbend)
    assert preview.by_file == report.by_file
    assert preview.problems == report.problems


def test_the_job_gets_the_counts_and_the_refused_lines(riverbend, today):
    job = RosterImport.objects.create(district=riverbend, source=RosterImport.Source.COMMAND)
    seen = []

    import_folder(
        "bulk_1_2", riverbend, dry_run=True, job=job, on_progress=lambda d, t: seen.append((d, t))
    )

    job.refresh_from_db()
    assert job.counts["created"] == 32
    assert job.counts["refused"] == 4
    assert job.counts["by_file"]["roles.csv"] == {
        "created": 7,
        "updated": 0,
        "unchanged": 0,
        "deactivated": 0,
        "refused": 2,
    }
    assert (job.version, job.mode, job.total, job.processed) == ("1.2", "bulk", 36, 36)
    assert set(job.problems.values_list("file_name", "line", "sourced_id")) == {
        ("users.csv", 9, "u-g1"),
        ("users.csv", 10, "u-s5"),
        ("roles.csv", 9, "r-g1"),
        ("roles.csv", 10, "r-s5"),
    }
    assert seen[-1] == (36, 36)
    assert User.objects.count() == 0  # a preview


def test_a_1_1_bulk_package(cedar_falls, today):
    report = import_folder("bulk_1_1", cedar_falls)

    assert counts(report, "orgs.csv") == {"created": 3}
    assert counts(report, "users.csv") == {"created": 4, "refused": 2}
    assert counts(report, "enrollments.csv") == {"created": 3}
    assert reasons(report, "users.csv") == {
        "cf-p1": "role 'parent' is not imported: Cairn holds no guardian, parent or relative "
        "accounts (column role)",
        "cf-x1": "role 'aide' is not imported: Cairn imports students, teachers and "
        "administrators (column role)",
    }
    rosa = User.objects.get(email="rbaker@cedarfalls.example.org")  # lower-cased
    assert set(rosa.memberships.values_list("organization__name", "role")) == {
        ("North Cedar High School", Role.TEACHER),
        ("South Cedar High School", Role.TEACHER),
    }
    june = User.objects.get(email="jpark@cedarfalls.example.org")
    assert list(june.memberships.values_list("organization", "role")) == [
        (cedar_falls.pk, Role.ADMIN)
    ]
    marco = User.objects.get(email="mdiaz@students.cedarfalls.example.org")
    assert not marco.is_active  # enabledUser false
    auto = Section.objects.get(code="AUTO-N1")
    assert (auto.course_code, auto.subject, auto.school_year) == (
        "CTE-AUTO-1",
        "Automotive",
        "2026-2027",
    )
    assert auto.students.count() == 2
    assert list(auto.teachers.all()) == [rosa]

    again = import_folder("bulk_1_1", cedar_falls)
    assert again.totals["unchanged"] == 15
    assert again.totals["created"] == 0


def test_messy_files_import_with_names_in_any_script(db, today):
    aegean = Organization.objects.create(
        name="Aegean International Schools", slug="aegean", kind=Organization.Kind.DISTRICT
    )
    report = import_folder("messy", aegean)

    assert counts(report, "orgs.csv") == {"created": 2}
    assert counts(report, "users.csv") == {"created": 5}
    assert counts(report, "roles.csv") == {"created": 5}
    names = dict(User.objects.values_list("email", "name"))
    assert names == {
        "nikos.p@aegean.example.org": "Νίκος Παπαδόπουλος",
        "anna.ivanova@aegean.example.org": "Анна Иванова",
        "minh.nguyen@aegean.example.org": "Thị Minh Nguyễn",
        "layla.haddad@aegean.example.org": "ليلى حداد",
        "xiaoming.wang@aegean.example.org": "小明 王",
    }
    school = Organization.objects.get(parent=aegean)
    assert school.name == "Athens Campus, Upper School"
    record = RosterRecord.objects.get(kind="user", sourced_id="m-1")
    assert "ext_locker" not in record.data  # a person's extension columns are not kept
    assert "Unknown Column" not in record.data
    org = RosterRecord.objects.get(kind="org", sourced_id="m-d")
    assert org.organization == aegean
    assert org.data["EXT_NCES_ID"] == "0600001"


def test_an_existing_school_of_the_district_is_taken_over_by_name(riverbend, today):
    high = Organization.objects.create(
        name="Riverbend High School", slug="rhs", kind=Organization.Kind.SCHOOL, parent=riverbend
    )
    import_folder("bulk_1_2", riverbend)
    assert RosterRecord.objects.get(sourced_id="org-s1").organization == high
    assert Organization.objects.filter(name="Riverbend High School").count() == 1


def test_a_person_with_an_account_already_is_linked_not_duplicated(riverbend, today):
    maria = UserFactory(email="MLopez@Riverbend.example.org", name="M. Lopez")
    MembershipFactory(user=maria, organization=riverbend, role=Role.COACH)

    import_folder("bulk_1_2", riverbend)

    assert User.objects.filter(email__iexact="mlopez@riverbend.example.org").count() == 1
    maria.refresh_from_db()
    assert maria.name == "Maria Lopez"
    assert maria.has_usable_password()  # her password stays
    assert RosterRecord.objects.get(kind="user", sourced_id="u-t1").user == maria
    assert set(maria.memberships.values_list("role", flat=True)) == {Role.COACH, Role.TEACHER}


def test_a_crash_midway_is_safely_rerun(riverbend, today, monkeypatch):
    """Chunks already written stay written; the rerun finds them unchanged and does the rest."""

    def crash(self):
        raise RuntimeError("the worker was killed")

    with monkeypatch.context() as patch:
        patch.setattr(EnrollmentImporter, "flush", crash)
        with pytest.raises(RuntimeError):
            import_folder("bulk_1_2", riverbend)
    assert User.objects.count() == 7
    assert not RosterRecord.objects.filter(kind="enrollment").exists()  # that chunk rolled back

    report = import_folder("bulk_1_2", riverbend)

    assert counts(report, "users.csv") == {"unchanged": 7, "refused": 2}
    assert counts(report, "enrollments.csv") == {"created": 6}
    assert User.objects.count() == 7
    assert Section.students.through.objects.count() == 4
