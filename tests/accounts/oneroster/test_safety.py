"""What an import refuses: lines that are malformed (with the column named), other
districts' organizations and people, staff and superuser accounts; who is a minor by
the district's rule."""

import datetime
import shutil

import pytest
import time_machine

from accounts.models import DistrictSettings, Membership, Organization, RosterRecord, User
from accounts.oneroster import read_package, roster_import
from tests.accounts.factories import DistrictFactory, MembershipFactory, SchoolFactory, UserFactory

from .conftest import DATA, counts, import_folder, reasons

pytestmark = pytest.mark.django_db

Rule = DistrictSettings.MinorRule


def test_malformed_lines_are_refused_with_the_column_and_the_rest_imports(db, today):
    harbor = DistrictFactory(name="Harbor City Schools", slug="harbor")
    report = import_folder("malformed", harbor)

    assert counts(report, "orgs.csv") == {"created": 2, "refused": 4}
    assert counts(report, "classes.csv") == {"created": 1, "refused": 1}
    assert counts(report, "users.csv") == {"created": 2, "refused": 6}
    assert counts(report, "roles.csv") == {"created": 2, "refused": 7}
    assert counts(report, "enrollments.csv") == {"created": 2, "refused": 4}

    orgs = reasons(report, "orgs.csv")
    assert orgs[7] == "no sourcedId (column sourcedId)"  # keyed by line: it has no id
    assert orgs["other-d"].startswith("another district than Harbor City Schools")
    assert "(column parentSourcedId)" in orgs["other-s"]
    assert orgs["bad-dept"].startswith("type 'department' is not imported")
    assert reasons(report, "classes.csv")["bad-cl2"] == (
        "schoolSourcedId 'other-s' is not a school of this district (column schoolSourcedId)"
    )
    users = {p.line: p.reason for p in report.problems if p.file_name == "users.csv"}
    assert users == {
        4: "sourcedId 'b-s1' appears again in this file (first on line 3); only the first is "
        "imported",
        5: "dateLastModified 'last tuesday' is not a date and time like 2026-09-01T12:00:00Z "
        "(column dateLastModified)",
        6: "status 'deleted' is not active or tobedeleted (column status)",
        7: "no e-mail address (column email); Cairn signs people in by address",
        8: "'not-an-address' is not an e-mail address (column email)",
        9: "sfox@harbor.example.org is also the address of sourcedId 'b-t1' (line 2)",
    }
    roles = reasons(report, "roles.csv")
    assert roles["br-x"] == (
        "role 'proctor' is not imported: Cairn imports students, teachers and administrators "
        "(column role)"
    )
    assert "(column orgSourcedId)" in roles["br-o"]
    assert "(column userSourcedId)" in roles["br-s4"]
    enrollments = reasons(report, "enrollments.csv")
    assert enrollments["be-3"] == (
        "classSourcedId 'no-such-class': no such class (column classSourcedId)"
    )
    assert enrollments["be-4"].startswith("userSourcedId 'nobody': no such person")
    assert enrollments["be-5"].startswith("role 'aide' is not imported")
    assert enrollments["be-6"].startswith("status is tobedeleted, but no enrollment")

    assert set(User.objects.values_list("email", flat=True)) == {
        "sfox@harbor.example.org",
        "kli@harbor.example.org",
    }
    assert not Organization.objects.filter(name__startswith="Bayview").exists()


def test_another_districts_package_is_refused_whole(riverbend, today):
    cedar = DistrictFactory(name="Cedar Falls Public Schools", slug="cf")
    report = import_folder("bulk_1_1", riverbend)
    # Only the school year, which belongs to no organization, is kept (as a record).
    assert {name: c["created"] for name, c in report.by_file.items() if c["created"]} == {
        "academicSessions.csv": 1
    }
    assert reasons(report, "orgs.csv")["cf-district"].startswith(
        "another district than Riverbend Unified School District"
    )
    assert User.objects.count() == 0
    assert not Organization.objects.filter(parent=riverbend).exists()
    assert not Organization.objects.filter(parent=cedar).exists()


def test_another_districts_accounts_are_never_taken_over(riverbend, today):
    """The same people (by address) imported into a second district: refused, untouched."""
    import_folder("bulk_1_2", riverbend)
    lakeview = DistrictFactory(name="Riverbend Unified School District", slug="lakeview")
    maria = User.objects.get(email="mlopez@riverbend.example.org")

    report = import_folder("bulk_1_2", lakeview)

    assert counts(report, "users.csv") == {"refused": 9}
    assert reasons(report, "users.csv")["u-t1"] == (
        "mlopez@riverbend.example.org belongs to an organization outside Riverbend Unified "
        "School District; the roster of one district never takes over another's account"
    )
    assert maria.memberships.count() == 1
    assert not RosterRecord.objects.filter(district=lakeview, kind="user").exists()


def test_staff_superuser_and_outside_accounts_are_refused(riverbend, today):
    root = UserFactory(email="praman@riverbend.example.org", name="Root", is_superuser=True)
    staff = UserFactory(email="jchen@students.riverbend.example.org", name="Op", is_staff=True)
    outside = UserFactory(email="dokafor@riverbend.example.org", name="Daniel O.")
    MembershipFactory(user=outside, organization=SchoolFactory(), role=Membership.Role.TEACHER)

    report = import_folder("bulk_1_2", riverbend)

    refused = reasons(report, "users.csv")
    assert refused["u-a1"] == (
        "praman@riverbend.example.org is a staff or superuser account in Cairn; the roster "
        "never changes it"
    )
    assert "is a staff or superuser account" in refused["u-s1"]
    assert "belongs to an organization outside" in refused["u-t2"]
    for account, name in ((root, "Root"), (staff, "Op"), (outside, "Daniel O.")):
        account.refresh_from_db()
        assert account.name == name
        assert not account.memberships.filter(organization__in=[riverbend]).exists()
    assert not User.objects.filter(is_superuser=True).exclude(pk=root.pk).exists()
    assert not User.objects.filter(is_staff=True).exclude(pk=staff.pk).exists()


def test_an_address_held_by_another_account_is_not_moved_onto_a_person(riverbend, today, tmp_path):
    import_folder("bulk_1_2", riverbend)
    shutil.copytree(DATA / "bulk_1_2", tmp_path / "p")
    users = tmp_path / "p" / "users.csv"
    text = users.read_text().replace(
        "jchen@students.riverbend.example.org", "aowusu@students.riverbend.example.org", 1
    )
    users.write_text(text)
    report = roster_import(actor=None, district=riverbend, package=read_package(tmp_path / "p"))
    assert (
        "aowusu@students.riverbend.example.org is the address of another account"
        in (reasons(report, "users.csv")["u-s1"])
    )
    assert User.objects.filter(email="jchen@students.riverbend.example.org").exists()


def minors(district) -> dict:
    return dict(
        User.objects.filter(memberships__role=Membership.Role.STUDENT).values_list(
            "email", "is_minor"
        )
    )


S1, S2, S3, S4 = (
    f"{n}@students.riverbend.example.org" for n in ("jchen", "aowusu", "lsmith", "rkhan")
)


@pytest.mark.parametrize(
    ("rule", "age", "expected"),
    [
        # S1 born 2009-03-14 (17), S2 2008-01-20 (18), S3 grade 08 and S4 grade 13: no birth date.
        (Rule.BIRTH_DATE, 18, {S1: True, S2: False, S3: True, S4: True}),
        (Rule.BIRTH_DATE_OR_GRADE, 18, {S1: True, S2: False, S3: True, S4: False}),
        (Rule.ALL_STUDENTS, 18, {S1: True, S2: True, S3: True, S4: True}),
        (Rule.BIRTH_DATE, 19, {S1: True, S2: True, S3: True, S4: True}),
    ],
)
def test_minors_by_birth_date_and_the_districts_rule(riverbend, today, rule, age, expected):
    DistrictSettings.objects.create(district=riverbend, minor_rule=rule, age_of_majority=age)
    import_folder("bulk_1_2", riverbend)
    assert minors(riverbend) == expected
    assert not User.objects.get(email="mlopez@riverbend.example.org").is_minor  # a teacher


def test_a_new_birth_date_re_decides_a_student(riverbend, today, tmp_path):
    import_folder("bulk_1_2", riverbend)
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "manifest.csv").write_text(
        "propertyName,value\noneroster.version,1.2\nfile.demographics,delta\n"
    )
    (folder / "demographics.csv").write_text(
        "sourcedId,status,dateLastModified,birthDate\nu-s2,active,2026-11-01,2010-01-20\n"
    )
    report = roster_import(actor=None, district=riverbend, package=read_package(folder))
    assert counts(report, "demographics.csv") == {"updated": 1}
    assert User.objects.get(email=S2).is_minor
    (folder / "demographics.csv").write_text(
        "sourcedId,status,dateLastModified,birthDate\nu-s2,active,2026-11-02,20/01/2010\n"
    )
    report = roster_import(actor=None, district=riverbend, package=read_package(folder))
    assert reasons(report, "demographics.csv")["u-s2"] == (
        "birthDate '20/01/2010' is not a date like 2026-09-01 (column birthDate)"
    )


def test_a_birthday_counts_on_the_day(riverbend):
    DistrictSettings.objects.create(district=riverbend, age_of_majority=18)
    with time_machine.travel(datetime.datetime(2026, 1, 20, 12, tzinfo=datetime.UTC), tick=False):
        import_folder("bulk_1_2", riverbend)
    assert not User.objects.get(email=S2).is_minor  # 18 that day


def test_impossible_dates_are_refused_not_a_crash(riverbend, today, tmp_path):
    import_folder("bulk_1_2", riverbend)
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "manifest.csv").write_text(
        "propertyName,value\noneroster.version,1.2\nfile.users,delta\nfile.demographics,delta\n"
    )
    (folder / "users.csv").write_text(
        "sourcedId,status,dateLastModified,givenName,familyName,email\n"
        "u-s1,active,2026-13-01T00:00:00Z,Jordan,Chen,jchen@students.riverbend.example.org\n"
    )
    (folder / "demographics.csv").write_text(
        "sourcedId,status,dateLastModified,birthDate\nu-s2,active,,2009-02-30\n"
    )
    report = roster_import(actor=None, district=riverbend, package=read_package(folder))
    assert reasons(report) == {
        "u-s1": "dateLastModified '2026-13-01T00:00:00Z' is not a date and time like "
        "2026-09-01T12:00:00Z (column dateLastModified)",
        "u-s2": "birthDate '2009-02-30' is not a date like 2026-09-01 (column birthDate)",
    }
