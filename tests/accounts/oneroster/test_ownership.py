"""What the roster owns: it ends only the memberships and section places it made,
adopts by e-mail only accounts nobody else holds, keeps only the columns Cairn uses,
and its preview counts what its import does."""

import shutil

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount

from accounts.models import Membership, Organization, RosterRecord, Section, User
from badges.models import Assertion
from core.models import AuditEntry
from tests.accounts.factories import UserFactory
from tests.badges.factories import AssertionFactory

from .conftest import DATA, counts, import_folder, reasons
from .test_delta import delta

pytestmark = pytest.mark.django_db
Role = Membership.Role


def copy_of(tmp_path, name: str, **replace: tuple[str, str]):
    """A copy of a test package with `replace` ({"users": (old, new)}) applied."""
    folder = tmp_path / name
    shutil.copytree(DATA / name, folder)
    for table, (old, new) in replace.items():
        path = folder / f"{table}.csv"
        text = path.read_text()
        assert old in text
        path.write_text(text.replace(old, new))
    return folder


def import_path(folder, district):
    from accounts.oneroster import read_package, roster_import

    return roster_import(actor=None, district=district, package=read_package(folder))


def memberships(user) -> set:
    return set(user.memberships.values_list("organization__name", "role"))


def test_a_1_1_teacher_who_moves_school_leaves_the_old_one(cedar_falls, today, tmp_path):
    import_folder("bulk_1_1", cedar_falls)
    rosa = User.objects.get(email="rbaker@cedarfalls.example.org")
    north = Organization.objects.get(name="North Cedar High School")
    assert memberships(rosa) == {
        ("North Cedar High School", Role.TEACHER),
        ("South Cedar High School", Role.TEACHER),
    }
    # An admin made her a coach at North in the console: the roster never ends that.
    Membership.objects.create(user=rosa, organization=north, role=Role.COACH)
    badge = AssertionFactory(recipient=rosa)

    moved = copy_of(tmp_path, "bulk_1_1", users=('"cf-north,cf-south",teacher', "cf-south,teacher"))
    report = import_path(moved, cedar_falls)

    assert counts(report, "users.csv")["updated"] == 1
    assert memberships(rosa) == {
        ("North Cedar High School", Role.COACH),
        ("South Cedar High School", Role.TEACHER),
    }
    assert Assertion.objects.filter(pk=badge.pk, recipient=rosa).exists()
    entry = AuditEntry.objects.filter(action="roster.imported").latest("pk")
    assert entry.data["memberships_ended"] == 1

    again = import_path(moved, cedar_falls)  # nothing more to end
    assert counts(again, "users.csv").get("updated", 0) == 0
    assert memberships(rosa) == {
        ("North Cedar High School", Role.COACH),
        ("South Cedar High School", Role.TEACHER),
    }


def test_a_1_1_role_change_ends_the_old_role(cedar_falls, today, tmp_path):
    import_folder("bulk_1_1", cedar_falls)
    june = User.objects.get(email="jpark@cedarfalls.example.org")
    assert memberships(june) == {("Cedar Falls Public Schools", Role.ADMIN)}
    changed = copy_of(tmp_path, "bulk_1_1", users=("cf-district,administrator", "cf-north,teacher"))
    import_path(changed, cedar_falls)
    assert memberships(june) == {("North Cedar High School", Role.TEACHER)}


def test_a_1_1_import_never_ends_a_membership_it_found(cedar_falls, tmp_path, today):
    """Rosa was a teacher at North before the roster came: moving her to South in the
    roster does not take North from her (the roster did not give it)."""
    import_folder("bulk_1_1", cedar_falls)  # the schools
    rosa = User.objects.get(email="rbaker@cedarfalls.example.org")
    rosa.memberships.all().delete()
    RosterRecord.objects.filter(kind="user", sourced_id="cf-t1").update(data={})
    north = Organization.objects.get(name="North Cedar High School")
    Membership.objects.create(user=rosa, organization=north, role=Role.TEACHER)
    moved = copy_of(tmp_path, "bulk_1_1", users=('"cf-north,cf-south",teacher', "cf-south,teacher"))
    import_path(moved, cedar_falls)
    assert memberships(rosa) == {
        ("North Cedar High School", Role.TEACHER),
        ("South Cedar High School", Role.TEACHER),
    }


def test_a_tobedeleted_role_leaves_a_console_membership_alone(riverbend, today, tmp_path):
    priya = UserFactory(email="praman@riverbend.example.org", name="Priya Raman")
    admin = Membership.objects.create(user=priya, organization=riverbend, role=Role.ADMIN)
    import_folder("bulk_1_2", riverbend)
    maria = User.objects.get(email="mlopez@riverbend.example.org")
    assert Membership.objects.filter(pk=admin.pk).exists()

    header = (DATA / "bulk_1_2" / "roles.csv").read_text().splitlines()[0]
    report = roster_delta(
        tmp_path,
        roles=header
        + "\nr-a1,tobedeleted,2026-11-02T08:30:00Z,u-a1,primary,districtAdministrator,,,org-d1,"
        + "\nr-t1,tobedeleted,2026-11-02T08:30:00Z,,,,,,,\n",
        district=riverbend,
    )

    assert counts(report, "roles.csv") == {"deactivated": 2}
    assert Membership.objects.filter(pk=admin.pk).exists()  # the console made it
    assert not maria.memberships.filter(role=Role.TEACHER).exists()  # the roster made it
    record = RosterRecord.objects.get(kind="role", sourced_id="r-a1")
    assert record.status == RosterRecord.Status.TO_BE_DELETED
    teacher = RosterRecord.objects.get(kind="role", sourced_id="r-t1")
    assert (teacher.status, teacher.data["orgSourcedId"], teacher.data["role"]) == (
        RosterRecord.Status.TO_BE_DELETED,
        "org-s1",
        "teacher",
    )
    entry = AuditEntry.objects.filter(action="roster.imported").latest("pk")
    assert entry.data["memberships_ended"] == 1


def roster_delta(tmp_path, *, district, **files):
    from accounts.oneroster import roster_import

    return roster_import(actor=None, district=district, package=delta(tmp_path, **files))


def test_a_tobedeleted_enrollment_leaves_a_place_the_roster_did_not_make(
    riverbend, today, tmp_path
):
    import_folder("bulk_1_2", riverbend)
    weld = Section.objects.get(code="WELD1-P2")
    ama = User.objects.get(email="aowusu@students.riverbend.example.org")
    record = RosterRecord.objects.get(kind="enrollment", sourced_id="e-3")
    assert ama in weld.students.all()
    # As if the teacher had put her in the class before the roster named her there.
    record.data = {k: v for k, v in record.data.items() if k != "_made"}
    record.save()
    report = import_folder("delta_1_2", riverbend)
    assert counts(report, "enrollments.csv") == {"deactivated": 1}
    assert ama in weld.students.all()


def test_a_tobedeleted_class_keeps_the_people_the_roster_did_not_put_in(riverbend, today, tmp_path):
    import_folder("bulk_1_2", riverbend)
    weld = Section.objects.get(code="WELD1-P2")
    by_roster = set(weld.students.all())
    assert by_roster
    guest = UserFactory()
    weld.students.add(guest)  # a teacher added her in Cairn
    header = (DATA / "bulk_1_2" / "classes.csv").read_text().splitlines()[0]
    report = roster_delta(
        tmp_path,
        classes=header + "\ncl-weld-1,tobedeleted,2026-11-02T08:30:00Z" + "," * 11 + "\n",
        district=riverbend,
    )
    assert counts(report, "classes.csv") == {"deactivated": 1}
    assert set(weld.students.all()) == {guest}
    assert not weld.teachers.exists()


@pytest.mark.parametrize("held", ["unverified", "social"])
def test_an_account_someone_else_holds_is_not_adopted(riverbend, today, held):
    maria = UserFactory(email="mlopez@riverbend.example.org", name="M", verified=False)
    if held == "unverified":
        EmailAddress.objects.create(user=maria, email=maria.email, verified=False, primary=True)
    else:
        SocialAccount.objects.create(user=maria, provider="google", uid="123")
    report = import_folder("bulk_1_2", riverbend)
    assert "the roster does not take it over" in reasons(report, "users.csv")["u-t1"]
    maria.refresh_from_db()
    assert maria.name == "M"
    assert not maria.memberships.exists()
    assert not RosterRecord.objects.filter(kind="user", sourced_id="u-t1", user=maria).exists()


def test_an_account_with_a_verified_address_is_adopted_and_roster_accounts_updated(
    riverbend, today
):
    maria = UserFactory(email="mlopez@riverbend.example.org", name="M")
    import_folder("bulk_1_2", riverbend)
    maria.refresh_from_db()
    assert maria.name == "Maria Lopez"
    dan = User.objects.get(email="dokafor@riverbend.example.org")  # the roster made him
    EmailAddress.objects.create(user=dan, email=dan.email, verified=False)
    report = import_folder("bulk_1_2", riverbend)
    assert "u-t2" not in reasons(report, "users.csv")


def test_the_preview_counts_what_the_import_does(db, today, tmp_path):
    from tests.accounts.factories import DistrictFactory

    harbor = DistrictFactory(name="Harbor City Schools", slug="harbor")
    preview = import_folder("malformed", harbor, dry_run=True)
    done = import_folder("malformed", harbor)
    assert preview.by_file == done.by_file
    assert reasons(preview) == reasons(done)


def test_a_delta_removing_a_person_and_their_role_previews_as_it_imports(
    riverbend, today, tmp_path
):
    import_folder("bulk_1_2", riverbend)
    users = (DATA / "bulk_1_2" / "users.csv").read_text().splitlines()[0]
    roles = (DATA / "bulk_1_2" / "roles.csv").read_text().splitlines()[0]
    files = {
        "users": users + "\nu-t2,tobedeleted,2026-11-02T08:30:00Z" + "," * 20 + "\n",
        "roles": roles + "\nr-t2b,active,2026-11-02T08:30:00Z,u-t2,primary,teacher,,,org-s1,\n",
    }
    from accounts.oneroster import roster_import

    package = delta(tmp_path, **files)
    preview = roster_import(actor=None, district=riverbend, package=package, dry_run=True)
    done = roster_import(actor=None, district=riverbend, package=package)
    assert counts(preview, "roles.csv") == counts(done, "roles.csv") == {"refused": 1}


def test_minors_demographics_are_not_kept(riverbend, today):
    import_folder("bulk_1_2", riverbend)
    for record in RosterRecord.objects.filter(kind="demographics"):
        assert set(record.data) <= {"sourcedId", "status", "dateLastModified", "birthDate"}
        assert record.data["birthDate"]
    for record in RosterRecord.objects.filter(kind="user"):
        assert not {"sms", "phone", "userIds", "password", "pronouns"} & set(record.data)
    again = import_folder("bulk_1_2", riverbend)
    assert counts(again, "demographics.csv") == {"unchanged": 3}
    assert counts(again, "users.csv") == {"unchanged": 7, "refused": 2}
