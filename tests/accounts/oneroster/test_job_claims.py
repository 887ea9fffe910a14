"""Roster jobs run once however often their task is delivered; the stored zip is
deleted when the job ends (and an unconfirmed preview's after a day); a pull asks
again for the lines it refused."""

# ruff: noqa: F811 (the fixtures of test_jobs, imported)

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from accounts.models import RosterConnection, RosterImport, RosterRecord, User
from accounts.oneroster import jobs, tasks
from core.errors import ServiceError
from tests.accounts.factories import UserFactory

from .sis_server import FakeSis, SisServer, roster_zip, sample_roster
from .test_jobs import _connect, _stored_uploads, _upload, admin, allow_private, district  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def previewed(admin, district, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return jobs.roster_import_preview(
        actor=admin, district=district, upload=_upload(roster_zip(sample_roster()))
    )


def test_a_second_delivery_of_a_claimed_job_does_nothing(
    admin, previewed, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        jobs.roster_import_confirm(actor=admin, job=previewed)
    previewed.refresh_from_db()
    assert (previewed.status, previewed.started_at) == (RosterImport.Status.RUNNING, None)
    # Another delivery of the task claimed it and is importing: this one leaves it alone.
    RosterImport.objects.filter(pk=previewed.pk).update(started_at=timezone.now())
    assert tasks.roster_import_run(str(previewed.public_id)) == "running"
    assert not RosterRecord.objects.exists()
    # The first delivery of an unclaimed job runs it, and claims it.
    RosterImport.objects.filter(pk=previewed.pk).update(started_at=None)
    assert tasks.roster_import_run(str(previewed.public_id)) == "done"
    previewed.refresh_from_db()
    assert previewed.started_at is not None


def test_two_deliveries_claim_the_job_once(admin, previewed):
    with jobs.uploads.transaction.atomic():
        jobs.roster_import_confirm(actor=admin, job=previewed)
    first = jobs.uploads.claim_job(str(previewed.public_id), RosterImport.Source.UPLOAD)
    second = jobs.uploads.claim_job(str(previewed.public_id), RosterImport.Source.UPLOAD)
    assert (first[1], second[1]) == (True, False)


def test_the_stored_zip_is_deleted_when_the_job_ends(
    admin, previewed, django_capture_on_commit_callbacks
):
    name = previewed.upload.name.removeprefix("roster-imports/")
    assert name in _stored_uploads()
    with django_capture_on_commit_callbacks(execute=True):
        jobs.roster_import_confirm(actor=admin, job=previewed)
    previewed.refresh_from_db()
    assert previewed.status == RosterImport.Status.DONE, previewed.failure
    assert not previewed.upload
    assert name not in _stored_uploads()
    assert previewed.file_name == "roster.zip"  # the report stays


def test_a_failed_job_deletes_its_zip_too(admin, previewed, django_capture_on_commit_callbacks):
    name = previewed.upload.name.removeprefix("roster-imports/")
    with django_capture_on_commit_callbacks(execute=False):
        jobs.roster_import_confirm(actor=admin, job=previewed)
    default_storage.delete(previewed.upload.name)
    default_storage.save(previewed.upload.name, ContentFile(b"PK\x03\x04 broken"))
    assert tasks.roster_import_run(str(previewed.public_id)) == "failed"
    assert name not in _stored_uploads()


def test_a_preview_older_than_a_day_loses_its_zip(admin, district, previewed):
    name = previewed.upload.name.removeprefix("roster-imports/")
    RosterImport.objects.filter(pk=previewed.pk).update(
        created_at=timezone.now() - timedelta(days=1, minutes=1)
    )
    fresh = jobs.roster_import_preview(
        actor=admin, district=district, upload=_upload(roster_zip(sample_roster()))
    )
    stored = _stored_uploads()
    assert name not in stored
    assert fresh.upload.name.removeprefix("roster-imports/") in stored
    previewed.refresh_from_db()
    with pytest.raises(ServiceError, match="upload the file again"):
        jobs.roster_import_confirm(actor=admin, job=previewed)


def test_the_nightly_task_deletes_stale_previews_too(previewed):
    RosterImport.objects.filter(pk=previewed.pk).update(
        created_at=timezone.now() - timedelta(days=2)
    )
    jobs.roster_pull_nightly()
    previewed.refresh_from_db()
    assert not previewed.upload


def test_a_refused_line_is_asked_for_again(
    admin,
    district,
    allow_private,
    django_capture_on_commit_callbacks,
):
    roster = sample_roster()
    roster["users"][1]["dateLastModified"] = "2026-07-15T00:00:00.000Z"
    # Bea's address is a staff account's in Cairn: the roster never takes it over.
    staff = UserFactory(email="bea.lindqvist@cedar.example.org", is_staff=True)
    sis = FakeSis(collections=roster)
    with SisServer(sis):
        connection = _connect(admin, district, sis)
        with django_capture_on_commit_callbacks(execute=True):
            first = jobs.roster_pull(actor=admin, connection=connection)
        first.refresh_from_db()
        assert first.status == RosterImport.Status.DONE, first.failure
        assert first.problems.filter(sourced_id="u-student-1").exists()
        connection.refresh_from_db()
        seen = connection.last_modified_seen
        assert seen < datetime(2026, 7, 15, tzinfo=UTC)
        assert seen > datetime(2026, 7, 14, 23, 59, tzinfo=UTC)

        User.objects.filter(pk=staff.pk).update(is_staff=False)  # fixed in Cairn
        sis.requests.clear()
        with django_capture_on_commit_callbacks(execute=True):
            second = jobs.roster_pull(actor=admin, connection=connection)
    second.refresh_from_db()
    assert second.mode == "delta"
    assert second.status == RosterImport.Status.DONE, second.failure
    assert not second.problems.exists()
    assert RosterRecord.objects.get(kind="user", sourced_id="u-student-1").user == staff
    assert RosterConnection.objects.get(pk=connection.pk).last_modified_seen == datetime(
        2026, 8, 1, 12, tzinfo=UTC
    )
