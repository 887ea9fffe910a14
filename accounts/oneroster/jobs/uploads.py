"""Roster uploads in the console: check a OneRoster zip and keep what confirming would
do (the import's dry run), then, confirmed, import it as a Celery task.

- `roster_import_preview` refuses (nothing kept) a file that is too large, not a zip,
  or not a OneRoster package; otherwise it stores the upload and one job, "previewed",
  with the dry run's counts per file and its refused lines. Nothing is imported.
- `roster_import_confirm` moves the job to "running" and queues
  `accounts.oneroster.tasks.roster_import_run` once the transaction commits (in process
  when there is no broker).
- `roster_import_job_run` (the task's body) reads the stored file again and runs the
  import with the job, which writes the counts and the refused lines; the job ends
  "done", or "failed" with the reason. The import is idempotent by sourcedId, so a
  rerun of the same file counts every line unchanged.
- A job is run by one delivery of the task only: the first claims it (`claim_job`,
  setting `started_at`); a redelivery finds it claimed and leaves it alone.
- The stored zip (minors' data) is deleted when the job ends, done or failed, and a
  preview's when it is older than `PREVIEW_KEPT` (at the next upload, and nightly).
"""

from __future__ import annotations

import logging
import secrets
import zipfile
from datetime import timedelta
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from core.audit import AuditAction, audit_record
from core.errors import Forbidden, ServiceError

from ...models import Organization, RosterImport, RosterImportProblem, User
from .. import read_package, roster_import
from ..package import PackageError, max_bytes
from ..permissions import may_import
from .flow import NIGHTLY_LABEL, ROSTER_IMPORT_FLOW, RUN_LABEL, Status

logger = logging.getLogger(__name__)
PREVIEW_KEPT = timedelta(days=1)


def _megabytes(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MB"


def _check_zip(upload: UploadedFile) -> None:
    limit = max_bytes()
    if upload.size is not None and upload.size > limit:
        raise PackageError(
            f"The file is {_megabytes(upload.size)}; at most {_megabytes(limit)} can be uploaded."
        )
    upload.seek(0)
    head = upload.read(4)
    upload.seek(0)
    if not head:
        raise PackageError("The file is empty.")
    if head != b"PK\x03\x04" or not zipfile.is_zipfile(upload):
        raise PackageError(
            "This is not a zip file. Upload the OneRoster export as the .zip the SIS "
            "made (manifest.csv, orgs.csv, users.csv, … inside)."
        )
    upload.seek(0)


def save_problems(job: RosterImport, problems: Any) -> None:
    RosterImportProblem.objects.bulk_create(
        RosterImportProblem(
            job=job,
            file_name=p.file_name[:100],
            line=p.line,
            sourced_id=p.sourced_id[:255],
            reason=p.reason[:500],
        )
        for p in problems
    )


def roster_import_preview(
    *, actor: User, district: Organization, upload: UploadedFile
) -> RosterImport:
    """Check an uploaded OneRoster zip for `district` and keep the dry run's report."""
    if not may_import(actor, district):
        raise Forbidden("Importing a roster is for the district's admins.")
    delete_stale_uploads()
    _check_zip(upload)
    package = read_package(upload)
    if not package.total:
        raise PackageError("The package has its files but no line to import.")
    report = roster_import(actor=actor, district=district, package=package, dry_run=True)
    upload.seek(0)
    with transaction.atomic():
        job = RosterImport(
            district=district,
            source=RosterImport.Source.UPLOAD,
            status=Status.PREVIEWED,
            actor=actor,
            file_name=(upload.name or "roster.zip")[:200],
            version=package.version,
            mode=package.mode,
            counts=report.as_counts(),
            total=package.total,
        )
        job.upload.save(f"{job.public_id}/{secrets.token_hex(8)}.zip", upload, save=False)
        job.save()
        save_problems(job, report.problems)
        audit_record(
            actor=actor,
            action=AuditAction.ROSTER_IMPORT_PREVIEW,
            target=job,
            data={"district": district.slug, "file": job.file_name, **report.totals},
        )
    return job


def roster_import_confirm(*, actor: User, job: RosterImport) -> RosterImport:
    """Start importing a previewed upload (a Celery task, once this commits)."""
    from .. import tasks

    with transaction.atomic():
        locked = (
            RosterImport.objects.select_for_update(of=("self",))
            .select_related("district")
            .filter(pk=job.pk)
            .first()
        )
        if locked is None or not may_import(actor, locked.district):
            raise Forbidden("Importing a roster is for the district's admins.")
        ROSTER_IMPORT_FLOW.check(locked.status, Status.RUNNING)
        if not locked.upload:
            raise ServiceError(
                "This preview's file was deleted (previews are kept for a day); upload the "
                "file again."
            )
        locked.started_at = None  # set by the task's delivery that runs it
        locked.processed = 0
        ROSTER_IMPORT_FLOW.apply(
            locked, to=Status.RUNNING, actor=actor, also=["started_at", "processed"]
        )
        audit_record(
            actor=actor,
            action=AuditAction.ROSTER_IMPORT_CONFIRM,
            target=locked,
            data={"district": locked.district.slug, "file": locked.file_name},
        )
        public_id = str(locked.public_id)
        transaction.on_commit(lambda: tasks.roster_import_run.delay(public_id))
    return locked


def end_job(job: RosterImport, to: str, failure: str = "") -> RosterImport:
    """Move a running job to done or failed, with its finish time and audit row."""
    with transaction.atomic():
        locked = RosterImport.objects.select_for_update().get(pk=job.pk)
        locked.finished_at = timezone.now()
        locked.failure = failure[:500]
        fields = ["finished_at", "failure"]
        if to == Status.DONE and locked.total:
            locked.processed = locked.total
            fields.append("processed")
        ROSTER_IMPORT_FLOW.apply(
            locked,
            to=to,
            actor=None,
            actor_label=RUN_LABEL,
            reason=failure[:500],
            also=fields,
        )
        audit_record(
            actor=None,
            actor_label=RUN_LABEL,
            action=AuditAction.ROSTER_IMPORT_FINISH,
            target=locked,
            data={"status": to, "source": locked.source, "failure": locked.failure},
        )
    delete_upload(locked)
    return locked


def delete_upload(job: RosterImport) -> None:
    """Delete a job's stored zip (the job keeps its file name, counts and report)."""
    if not job.upload:
        return
    try:
        job.upload.delete(save=False)
    except OSError:
        logger.warning("The stored file of roster import %s could not be deleted", job.public_id)
        return
    RosterImport.objects.filter(pk=job.pk).update(upload="")


def delete_stale_uploads() -> int:
    """Delete the zips of previews nobody confirmed within `PREVIEW_KEPT`."""
    stale = list(
        RosterImport.objects.filter(
            status=Status.PREVIEWED, created_at__lt=timezone.now() - PREVIEW_KEPT
        ).exclude(upload="")
    )
    for job in stale:
        delete_upload(job)
    return len(stale)


def claim_job(job_public_id: str, source: str) -> tuple[RosterImport | None, bool]:
    """The job, and whether this delivery of its task is the one to run it: the job is
    running and nobody claimed it yet (`started_at` unset). The claim is one
    conditional update of the locked row, so two deliveries never both win."""
    with transaction.atomic():
        job = (
            RosterImport.objects.select_for_update(of=("self",))
            .select_related("district", "actor")
            .filter(public_id=job_public_id, source=source)
            .first()
        )
        if job is None or job.status != Status.RUNNING or job.started_at is not None:
            return job, False
        now = timezone.now()
        won = RosterImport.objects.filter(
            pk=job.pk, status=Status.RUNNING, started_at__isnull=True
        ).update(started_at=now)
        job.started_at = now
    return job, bool(won)


def run_import(job: RosterImport, package: Any) -> RosterImport:
    """Import `package` for a running `job` and end it: done, or failed with why."""
    RosterImportProblem.objects.filter(job=job).delete()  # the preview's, replaced by the run's
    try:
        roster_import(
            actor=job.actor,
            district=job.district,
            package=package,
            job=job,
            actor_label="" if job.actor else NIGHTLY_LABEL,
        )
    except ServiceError as exc:
        return end_job(job, Status.FAILED, exc.message)
    except Exception as exc:  # stop and say so on the page
        logger.exception("Roster import %s stopped", job.public_id)
        return end_job(job, Status.FAILED, f"The import stopped unexpectedly: {exc}")
    return end_job(job, Status.DONE)


def roster_import_job_run(*, job_public_id: str) -> RosterImport | None:
    """Run a confirmed upload; a job that is not running (done already), or that another
    delivery of the task runs, is left alone."""
    job, claimed = claim_job(job_public_id, RosterImport.Source.UPLOAD)
    if job is None or not claimed:
        return job
    try:
        with job.upload.open("rb") as stored:
            package = read_package(stored)
    except (OSError, ServiceError) as exc:
        message = exc.message if isinstance(exc, ServiceError) else "the file is gone"
        return end_job(job, Status.FAILED, f"The stored file could not be read: {message}")
    return run_import(job, package)
