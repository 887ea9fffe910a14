"""manage.py import_oneroster: the report it prints, the district it finds, its exit
codes, and who it acts as."""

import io
import zipfile

import pytest
from django.core.management import ManagementUtility, call_command
from django.core.management.base import CommandError

from accounts.models import Membership, User
from core.models import AuditEntry
from tests.accounts.factories import DistrictFactory, MembershipFactory, UserFactory

from .conftest import DATA

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("import_oneroster", *args, stdout=out)
    return out.getvalue()


def test_it_prints_the_report_per_file_and_every_refused_line(riverbend, today, tmp_path):
    archive = tmp_path / "riverbend.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for path in (DATA / "bulk_1_2").iterdir():
            z.write(path, f"riverbend/{path.name}")

    out = run(str(archive), "--district", "riverbend")

    lines = out.splitlines()
    assert lines[0] == "OneRoster 1.2 bulk package into Riverbend Unified School District:"
    assert "users.csv: created 7, updated 0, unchanged 0, deactivated 0, refused 2" in lines
    assert "enrollments.csv: created 6, updated 0, unchanged 0, deactivated 0, refused 0" in lines
    assert "Total: created 32, updated 0, unchanged 0, deactivated 0, refused 4" in lines
    assert lines[-4:] == [
        "  users.csv:9 u-g1: role 'guardian' is not imported: Cairn holds no guardian, parent "
        "or relative accounts (column role of roles.csv)",
        "  users.csv:10 u-s5: no e-mail address (column email); Cairn signs people in by address",
        "  roles.csv:9 r-g1: role 'guardian' is not imported: Cairn holds no guardian, parent "
        "or relative accounts (column role)",
        "  roles.csv:10 r-s5: userSourcedId 'u-s5': no such person (never imported, or their "
        "users.csv line was refused) (column userSourcedId)",
    ]
    entry = AuditEntry.objects.get(action="roster.imported")
    assert entry.actor is None
    assert entry.actor_label.startswith("manage.py import_oneroster (os user ")

    again = run(str(archive), "--district", "riverbend")
    assert "Total: created 0, updated 0, unchanged 32, deactivated 0, refused 4" in again


def test_a_dry_run_changes_nothing(riverbend, today):
    out = run(str(DATA / "bulk_1_2"), "--dry-run")
    assert out.startswith("Dry run, nothing changed: OneRoster 1.2 bulk package into Riverbend")
    assert "Total: created 32," in out
    assert User.objects.count() == 0
    assert not AuditEntry.objects.filter(action="roster.imported").exists()


def test_without_district_it_finds_the_packages_district(riverbend, cedar_falls, today):
    assert "into Cedar Falls Public Schools" in run(str(DATA / "bulk_1_1"))
    assert User.objects.filter(memberships__organization__parent=cedar_falls).exists()
    # Once linked, the district is found by the sourcedId of its orgs.csv row.
    run(str(DATA / "bulk_1_2"))
    riverbend.name = "Riverbend USD"
    riverbend.save(update_fields=["name"])
    assert "into Riverbend USD" in run(str(DATA / "bulk_1_2"))
    # A delta without orgs.csv names no district: --district says which.
    assert "into Riverbend USD" in run(str(DATA / "delta_1_2"), "--district", "riverbend")


def test_the_district_must_be_known_and_unambiguous(riverbend, today):
    with pytest.raises(CommandError, match="names no district; say which with --district"):
        run(str(DATA / "delta_1_2"))
    with pytest.raises(CommandError, match="No district in Cairn matches"):
        run(str(DATA / "bulk_1_1"))
    DistrictFactory(name="Riverbend Unified School District", slug="riverbend-2")
    with pytest.raises(CommandError, match="matches several districts"):
        run(str(DATA / "bulk_1_2"))
    with pytest.raises(CommandError, match="No organization with the slug 'nowhere'"):
        run(str(DATA / "bulk_1_2"), "--district", "nowhere")


def test_an_unreadable_package_is_an_error(riverbend, tmp_path):
    bad = tmp_path / "roster.zip"
    bad.write_text("not a zip")
    with pytest.raises(CommandError, match="This is not a zip file") as exc:
        run(str(bad), "--district", "riverbend")
    assert exc.value.returncode == 1


def test_an_actor_must_be_allowed(riverbend, today):
    teacher = UserFactory()
    MembershipFactory(user=teacher, organization=riverbend, role=Membership.Role.TEACHER)
    with pytest.raises(CommandError, match="You may not import the roster of Riverbend"):
        run(str(DATA / "bulk_1_2"), "--actor", teacher.email)
    admin = UserFactory()
    MembershipFactory(user=admin, organization=riverbend, role=Membership.Role.ADMIN)
    run(str(DATA / "bulk_1_2"), "--actor", admin.email)
    entry = AuditEntry.objects.get(action="roster.imported")
    assert entry.actor == admin


def test_exit_codes_from_the_shell(cedar_falls, today, capsys, monkeypatch):
    """Run as from the shell: exit 1 when the package cannot be read, 0 when imported."""
    # run_from_argv closes the database connections when done, which would end the
    # test's transaction on PostgreSQL.
    monkeypatch.setattr("django.db.connections.close_all", lambda: None)
    with pytest.raises(SystemExit) as exc:
        ManagementUtility(["manage.py", "import_oneroster", "/nowhere/roster.zip"]).execute()
    assert exc.value.code == 1
    assert "There is no file or folder /nowhere/roster.zip" in capsys.readouterr().err
    ManagementUtility(["manage.py", "import_oneroster", str(DATA / "bulk_1_1")]).execute()
    out = capsys.readouterr().out
    assert "users.csv: created 4, updated 0, unchanged 0, deactivated 0, refused 2" in out
