"""Roster jobs end to end through the database: the SIS connection, pulls from a real
OneRoster 1.2 server on loopback (first everything, then only what changed, a
`tobedeleted` deactivating and deleting nothing), a wrong secret failing the job with
its reason, private addresses refused without the operator's setting, the nightly
task, and console uploads previewed (nothing written) then imported by the task."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import Membership, RosterConnection, RosterImport, RosterRecord, User
from accounts.oneroster import jobs, tasks
from core.errors import Forbidden, InvalidTransition, ServiceError
from core.models import AuditEntry
from tests.accounts.factories import DistrictFactory, MembershipFactory, UserFactory

from .sis_server import FakeSis, SisServer, roster_zip, sample_roster

pytestmark = pytest.mark.django_db


@pytest.fixture
def district():
    return DistrictFactory(name="Cedar Valley SD", slug="cedar-valley")


@pytest.fixture
def admin(district):
    user = UserFactory(email="admin@cedar.example.org")
    MembershipFactory(user=user, organization=district, role=Membership.Role.ADMIN)
    return user


@pytest.fixture
def allow_private(settings):
    settings.ROSTER_FETCH_ALLOW_PRIVATE = True
    settings.MEDIA_ROOT = str(settings.MEDIA_ROOT)


def _connect(admin, district, sis: FakeSis, secret: str | None = None) -> RosterConnection:
    return jobs.roster_connection_update(
        actor=admin,
        district=district,
        base_url=sis.base_url,
        token_url=sis.token_url,
        client_id=sis.client_id,
        client_secret=sis.client_secret if secret is None else secret,
    )


def test_the_secret_is_sealed_and_an_empty_one_keeps_it(admin, district, allow_private):
    sis = FakeSis(url="http://127.0.0.1:9")
    connection = _connect(admin, district, sis)
    assert sis.client_secret not in connection.secret_sealed
    assert connection.secret() == sis.client_secret
    again = _connect(admin, district, sis, secret="")
    assert again.pk == connection.pk
    assert again.secret() == sis.client_secret
    entry = AuditEntry.objects.filter(action="roster.connection_update").first()
    assert sis.client_secret not in str(entry.data)
    assert entry.data["secret_changed"] is False


def test_a_new_connection_needs_its_secret(admin, district, allow_private):
    with pytest.raises(ServiceError, match="client secret"):
        _connect(admin, district, FakeSis(url="http://127.0.0.1:9"), secret="")
    assert not RosterConnection.objects.exists()


def test_private_addresses_are_refused_without_the_setting(admin, district, settings):
    settings.ROSTER_FETCH_ALLOW_PRIVATE = False
    with pytest.raises(ServiceError, match="private network") as caught:
        _connect(admin, district, FakeSis(url="https://127.0.0.1:9"))
    assert caught.value.field == "base_url"
    assert not RosterConnection.objects.exists()


def test_only_the_districts_admins_may_connect_or_pull(district, admin, allow_private):
    teacher = UserFactory()
    MembershipFactory(user=teacher, organization=district, role=Membership.Role.TEACHER)
    sis = FakeSis(url="http://127.0.0.1:9")
    with pytest.raises(Forbidden):
        _connect(teacher, district, sis)
    connection = _connect(admin, district, sis)
    with pytest.raises(Forbidden):
        jobs.roster_pull(actor=teacher, connection=connection)
    assert not RosterImport.objects.exists()


def test_first_pull_imports_everything_then_only_what_changed(
    admin, district, allow_private, django_capture_on_commit_callbacks
):
    roster = sample_roster()
    sis = FakeSis(collections=roster)
    with SisServer(sis):
        connection = _connect(admin, district, sis)
        with django_capture_on_commit_callbacks(execute=True):
            first = jobs.roster_pull(actor=admin, connection=connection)
        first.refresh_from_db()
        assert first.status == RosterImport.Status.DONE, first.failure
        assert first.source == RosterImport.Source.REST
        assert first.mode == "bulk"
        assert first.counts["created"] > 0
        assert first.counts["refused"] == 0, list(first.problems.values_list("reason"))
        assert all("filter" not in q for q in sis.asked("users"))
        students = User.objects.filter(
            roster_records__kind="user", roster_records__sourced_id__startswith="u-student"
        )
        assert students.count() == 2
        connection.refresh_from_db()
        assert connection.last_modified_seen == datetime(2026, 8, 1, 12, tzinfo=UTC)
        assert connection.last_import == first

        # The SIS removes a student and renames the teacher.
        roster["users"][2] |= {"status": "tobedeleted", "dateLastModified": "2026-09-02T08:00:00Z"}
        roster["users"][0] |= {
            "familyName": "Okafor-Reyes",
            "dateLastModified": "2026-09-01T08:00Z",
        }
        sis.requests.clear()
        with django_capture_on_commit_callbacks(execute=True):
            second = jobs.roster_pull(actor=admin, connection=connection)
    second.refresh_from_db()
    assert second.status == RosterImport.Status.DONE, second.failure
    assert second.mode == "delta"
    assert sis.asked("users")[0]["filter"] == ["dateLastModified>'2026-08-01T12:00:00.000Z'"]
    assert second.total == 4  # two users and their two roles
    assert second.counts["deactivated"] >= 1
    assert second.counts["updated"] >= 1
    removed = User.objects.get(
        roster_records__sourced_id="u-student-2", roster_records__kind="user"
    )
    assert not removed.is_active  # deactivated, kept
    assert RosterRecord.objects.get(sourced_id="u-student-2", kind="user").status == "tobedeleted"
    assert (
        User.objects.get(roster_records__sourced_id="u-teacher", roster_records__kind="user").name
        == "Ada Okafor-Reyes"
    )
    connection.refresh_from_db()
    assert connection.last_modified_seen == datetime(2026, 9, 2, 8, tzinfo=UTC)
    assert AuditEntry.objects.filter(action="roster.pull").count() == 2


def test_a_wrong_secret_fails_the_job_with_the_reason(
    admin, district, allow_private, django_capture_on_commit_callbacks
):
    sis = FakeSis(collections=sample_roster())
    with SisServer(sis):
        connection = _connect(admin, district, sis, secret="not-the-secret")
        with django_capture_on_commit_callbacks(execute=True):
            job = jobs.roster_pull(actor=admin, connection=connection)
    job.refresh_from_db()
    assert job.status == RosterImport.Status.FAILED
    assert "The SIS refused the client id or secret" in job.failure
    connection.refresh_from_db()
    assert connection.last_modified_seen is None  # the next pull asks for everything
    assert connection.last_import == job
    assert not RosterRecord.objects.exists()


def test_a_second_pull_waits_for_the_running_one(admin, district, allow_private):
    connection = _connect(admin, district, FakeSis(url="http://127.0.0.1:9"))
    jobs.roster_pull(actor=admin, connection=connection)  # not run: no commit in this test
    with pytest.raises(ServiceError, match="running already"):
        jobs.roster_pull(actor=admin, connection=connection)


def test_the_nightly_task_pulls_every_enabled_connection(
    admin, district, allow_private, django_capture_on_commit_callbacks
):
    other = DistrictFactory()
    other_admin = UserFactory()
    MembershipFactory(user=other_admin, organization=other, role=Membership.Role.ADMIN)
    sis = FakeSis(collections=sample_roster())
    with SisServer(sis):
        _connect(admin, district, sis)
        off = _connect(other_admin, other, sis)
        RosterConnection.objects.filter(pk=off.pk).update(enabled=False)
        with django_capture_on_commit_callbacks(execute=True):
            assert tasks.roster_pull_nightly.delay().get() == 1
    job = RosterImport.objects.get()
    assert job.district == district
    assert job.actor is None
    assert job.status == RosterImport.Status.DONE, job.failure
    assert AuditEntry.objects.get(action="roster.pull").actor_label == "nightly roster pull"


def _stored_uploads() -> set[str]:
    """Every upload kept in the storage (whichever the settings name)."""
    if not default_storage.exists("roster-imports"):
        return set()
    folders = default_storage.listdir("roster-imports")[0]
    return {
        f"{folder}/{name}"
        for folder in folders
        for name in default_storage.listdir(f"roster-imports/{folder}")[1]
    }


def _upload(data: bytes, name: str = "roster.zip") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/zip")


def test_an_upload_is_previewed_without_writing_then_imported_once(
    admin, district, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = str(tmp_path)
    data = roster_zip(sample_roster())
    job = jobs.roster_import_preview(actor=admin, district=district, upload=_upload(data))
    assert job.status == RosterImport.Status.PREVIEWED
    assert job.counts["created"] == job.total - job.counts["refused"]
    assert not RosterRecord.objects.exists()
    assert job.upload.read() == data
    assert job.upload.name.startswith(f"roster-imports/{job.public_id}/")
    assert job.upload.name.removeprefix("roster-imports/") in _stored_uploads()
    with pytest.raises(InvalidTransition):
        jobs.ROSTER_IMPORT_FLOW.check(job.status, RosterImport.Status.DONE)

    with django_capture_on_commit_callbacks(execute=True):
        jobs.roster_import_confirm(actor=admin, job=job)
    job.refresh_from_db()
    assert job.status == RosterImport.Status.DONE, job.failure
    assert job.processed == job.total
    made = RosterRecord.objects.count()
    assert made == job.counts["created"]

    # The same file again: nothing created or changed.
    rerun = jobs.roster_import_preview(actor=admin, district=district, upload=_upload(data))
    with django_capture_on_commit_callbacks(execute=True):
        jobs.roster_import_confirm(actor=admin, job=rerun)
    rerun.refresh_from_db()
    assert rerun.counts["created"] == rerun.counts["updated"] == 0
    assert rerun.counts["unchanged"] == job.counts["created"]
    assert RosterRecord.objects.count() == made
    with pytest.raises(InvalidTransition):
        jobs.roster_import_confirm(actor=admin, job=rerun)  # run already


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"sourcedId,name\r\norg-1,A\r\n", "not a zip"),
        (b"PK\x03\x04 not really a zip", "not a zip"),
    ],
)
def test_a_file_that_is_not_a_oneroster_zip_is_refused_and_nothing_kept(
    admin, district, data, message
):
    kept = _stored_uploads()
    with pytest.raises(ServiceError, match=message):
        jobs.roster_import_preview(actor=admin, district=district, upload=_upload(data))
    assert not RosterImport.objects.exists()
    assert _stored_uploads() == kept


def test_a_zip_over_the_limit_is_refused(admin, district, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    settings.ROSTER_UPLOAD_MAX_BYTES = 1000
    data = roster_zip(sample_roster()) + b"\0" * 1000
    with pytest.raises(ServiceError, match="at most"):
        jobs.roster_import_preview(actor=admin, district=district, upload=_upload(data))
    assert not RosterImport.objects.exists()


def test_a_school_admin_may_not_upload(district, settings, tmp_path):
    from tests.accounts.factories import SchoolFactory

    settings.MEDIA_ROOT = str(tmp_path)
    school_admin = UserFactory()
    school = SchoolFactory(parent=district)
    MembershipFactory(user=school_admin, organization=school, role=Membership.Role.ADMIN)
    with pytest.raises(Forbidden):
        jobs.roster_import_preview(
            actor=school_admin, district=district, upload=_upload(roster_zip(sample_roster()))
        )
    assert not RosterImport.objects.exists()


def test_a_pull_whose_worker_died_long_ago_does_not_block_the_next(admin, district, allow_private):
    connection = _connect(admin, district, FakeSis(url="http://127.0.0.1:9"))
    stuck = jobs.roster_pull(actor=admin, connection=connection)
    RosterImport.objects.filter(pk=stuck.pk).update(
        created_at=stuck.created_at - timedelta(hours=7)
    )
    assert jobs.roster_pull(actor=admin, connection=connection).pk != stuck.pk


def test_with_a_worker_the_confirmed_upload_waits_queued_then_runs_once(
    admin, district, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = str(tmp_path)
    job = jobs.roster_import_preview(
        actor=admin, district=district, upload=_upload(roster_zip(sample_roster()))
    )
    with django_capture_on_commit_callbacks(execute=False) as queued:
        jobs.roster_import_confirm(actor=admin, job=job)
    assert len(queued) == 1  # sent to the broker only once the confirm commits
    job.refresh_from_db()
    assert job.status == RosterImport.Status.RUNNING
    assert not RosterRecord.objects.exists()
    # The worker runs the task; run again (a redelivery), it leaves the job alone.
    assert tasks.roster_import_run(str(job.public_id)) == "done"
    made = RosterRecord.objects.count()
    assert tasks.roster_import_run(str(job.public_id)) == "done"
    assert RosterRecord.objects.count() == made
    assert AuditEntry.objects.filter(action="roster.import_finish").count() == 1


def test_the_beat_schedule_names_the_nightly_task(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["oneroster-nightly"]
    assert entry["task"] == tasks.roster_pull_nightly.name
