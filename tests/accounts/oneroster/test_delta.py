"""Delta packages: `tobedeleted` deactivates a person, ends an enrollment, a class,
a role, marks an org, and deletes nothing: badges, memberships and records stay."""

import shutil

import pytest

from accounts.models import Membership, Organization, RosterRecord, Section, User
from accounts.oneroster import read_package, roster_import
from badges.models import Assertion
from tests.badges.factories import AssertionFactory

from .conftest import DATA, counts, import_folder

pytestmark = pytest.mark.django_db

T2 = "2026-11-02T08:30:00Z"


def delta(tmp_path, **files: str):
    """A delta package of `files` ({"classes": "csv text"}), beside a manifest."""
    folder = tmp_path / "delta"
    folder.mkdir()
    manifest = ["propertyName,value", "oneroster.version,1.2"]
    for name, text in files.items():
        (folder / f"{name}.csv").write_text(text)
        manifest.append(f"file.{name},delta")
    (folder / "manifest.csv").write_text("\n".join(manifest) + "\n")
    return read_package(folder)


@pytest.fixture
def imported(riverbend, today):
    import_folder("bulk_1_2", riverbend)
    return riverbend


def test_a_delta_deactivates_and_keeps_everything(imported, today):
    liam = User.objects.get(email="lsmith@students.riverbend.example.org")
    badge = AssertionFactory(recipient=liam)
    ela = Section.objects.get(code="ELA8-P1")
    weld = Section.objects.get(code="WELD1-P2")
    ama = User.objects.get(email="aowusu@students.riverbend.example.org")
    memberships, records = Membership.objects.count(), RosterRecord.objects.count()

    report = import_folder("delta_1_2", imported)

    assert counts(report, "users.csv") == {"updated": 1, "deactivated": 2}
    assert counts(report, "enrollments.csv") == {"deactivated": 1}
    assert report.problems == []

    liam.refresh_from_db()
    assert not liam.is_active
    assert Assertion.objects.filter(pk=badge.pk, recipient=liam).exists()
    assert liam.memberships.filter(role=Membership.Role.STUDENT).exists()
    assert liam in ela.students.all()  # a deactivated person keeps their history
    dan = User.objects.get(email="dokafor@riverbend.example.org")
    assert not dan.is_active
    assert dan.memberships.filter(role=Membership.Role.TEACHER).exists()
    assert User.objects.get(email="mlopez@riverbend.example.org").name == "Maria Lopez-Garcia"

    assert ama not in weld.students.all()  # her enrollment ended
    assert ama.is_active
    enrollment = RosterRecord.objects.get(kind="enrollment", sourced_id="e-3")
    assert enrollment.status == RosterRecord.Status.TO_BE_DELETED
    person = RosterRecord.objects.get(kind="user", sourced_id="u-s3")
    assert (person.status, person.user) == (RosterRecord.Status.TO_BE_DELETED, liam)
    assert Membership.objects.count() == memberships
    assert RosterRecord.objects.count() == records

    again = import_folder("delta_1_2", imported)
    assert again.totals["unchanged"] == 4
    assert again.totals["deactivated"] == 0


def test_a_later_bulk_brings_a_deactivated_person_back(imported, today):
    import_folder("delta_1_2", imported)
    report = import_folder("bulk_1_2", imported)
    assert counts(report, "users.csv") == {"updated": 3, "unchanged": 4, "refused": 2}
    assert counts(report, "enrollments.csv") == {"updated": 1, "unchanged": 5}
    assert User.objects.get(email="lsmith@students.riverbend.example.org").is_active
    ama = User.objects.get(email="aowusu@students.riverbend.example.org")
    assert ama in Section.objects.get(code="WELD1-P2").students.all()


def test_a_class_removed_empties_the_section_and_keeps_it(imported, tmp_path):
    weld = Section.objects.get(code="WELD1-P2")
    package = delta(
        tmp_path,
        classes="sourcedId,status,dateLastModified,title,courseSourcedId,schoolSourcedId\n"
        f"cl-weld-1,tobedeleted,{T2},Welding I - Period 2,c-weld,org-s1\n",
    )
    report = roster_import(actor=None, district=imported, package=package)
    assert counts(report, "classes.csv") == {"deactivated": 1}
    weld.refresh_from_db()
    assert weld.teachers.count() == 0
    assert weld.students.count() == 0
    assert Section.objects.get(code="ELA8-P1").students.count() == 1  # the other class


def test_an_org_removed_is_marked_and_kept(imported, tmp_path):
    package = delta(
        tmp_path,
        orgs="sourcedId,status,dateLastModified,name,type,parentSourcedId\n"
        f"org-s2,tobedeleted,{T2},Lakeside Middle School,school,org-d1\n",
    )
    report = roster_import(actor=None, district=imported, package=package)
    assert counts(report, "orgs.csv") == {"deactivated": 1}
    record = RosterRecord.objects.get(kind="org", sourced_id="org-s2")
    assert record.status == RosterRecord.Status.TO_BE_DELETED
    assert Organization.objects.filter(pk=record.organization_id).exists()


def test_a_role_removed_ends_the_membership_and_keeps_the_record(imported, tmp_path):
    maria = User.objects.get(email="mlopez@riverbend.example.org")
    package = delta(
        tmp_path,
        roles="sourcedId,status,dateLastModified,userSourcedId,roleType,role,orgSourcedId\n"
        f"r-t1,tobedeleted,{T2},u-t1,primary,teacher,org-s1\n",
    )
    report = roster_import(actor=None, district=imported, package=package)
    assert counts(report, "roles.csv") == {"deactivated": 1}
    assert not maria.memberships.exists()
    assert maria.is_active
    record = RosterRecord.objects.get(kind="role", sourced_id="r-t1")
    assert (record.status, record.membership) == (RosterRecord.Status.TO_BE_DELETED, None)


def test_tobedeleted_for_something_never_imported_is_refused(imported, tmp_path):
    package = delta(
        tmp_path,
        users="sourcedId,status,email\nu-nobody,tobedeleted,nobody@riverbend.example.org\n",
    )
    report = roster_import(actor=None, district=imported, package=package)
    assert counts(report, "users.csv") == {"refused": 1}
    assert report.problems[0].reason == (
        "status is tobedeleted, but no person with this sourcedId was imported: nothing to remove"
    )


def test_a_bulk_file_without_a_person_does_not_deactivate_them(imported, tmp_path):
    """Only an explicit tobedeleted deactivates: a line missing from a bulk file does not."""
    shutil.copytree(DATA / "bulk_1_2", tmp_path / "p")
    users = tmp_path / "p" / "users.csv"
    users.write_text(
        "\n".join(line for line in users.read_text().splitlines() if "u-s3" not in line)
    )
    roster_import(actor=None, district=imported, package=read_package(tmp_path / "p"))
    assert User.objects.get(email="lsmith@students.riverbend.example.org").is_active
