"""Bulk-award jobs: preview a CSV upload, confirm it, run it line by line.

- `bulk_award_job_preview` reads and checks the file and writes one row, the job in
  "previewed" state, holding every line and what confirming would do to it. No one is
  awarded, no audit row is written.
- `bulk_award_job_confirm` moves it to "running" and queues `pathways.tasks.
  bulk_award_run` once the transaction commits (in process when there is no broker).
- `bulk_award_job_run` (the task's body) awards the lines through the one award door
  in chunks (`assertions_award_batch`: an address no account holds is awarded the
  badge and invited to sign up, except for student badges, refused at preview),
  one transaction per chunk of `CHUNK` lines, writing the lines' outcomes and the
  progress counts with it; a line already done is skipped, so a job resumed after a
  crash awards no one twice, and a rerun of the same file finds everyone holding the
  badge already.
"""

from __future__ import annotations

import logging
from collections import Counter

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import User
from badges import bulk
from badges import permissions as badge_permissions
from badges.errors import BadgeClassNotActive
from badges.models import BadgeClass
from core.audit import AuditAction, audit_record
from core.errors import Forbidden, ServiceError

from ... import permissions
from ...errors import BulkAwardError
from ...models import BulkAwardJob, BulkAwardLine
from ...workflow import BULK_AWARD_FLOW
from ..awards import BATCH_SIZE, BatchResult, assertions_award_batch
from ..awards import batch as award_batch
from .plan import AWARD, ERROR, HELD, INVITE, PlannedLine, bulk_award_plan

logger = logging.getLogger(__name__)

MAX_BYTES = 2 * 1024 * 1024
MAX_LINES = 5000
RUN_LABEL = "bulk award"
CHUNK = BATCH_SIZE  # lines awarded (and recorded) per transaction
BATCH_ERROR = award_batch.ERROR
Status = BulkAwardJob.Status
Outcome = BulkAwardLine.Outcome

_COUNTER = {
    Outcome.AWARDED: "awarded",
    Outcome.INVITED: "invited",
    Outcome.HELD: "held",
    Outcome.ERROR: "errors",
}
_OUTCOME = {
    award_batch.AWARDED: Outcome.AWARDED,
    award_batch.INVITED: Outcome.INVITED,
    award_batch.HELD: Outcome.HELD,
    award_batch.ERROR: Outcome.ERROR,
}


def _check_file(data: bytes) -> str:
    if not data.strip():
        raise BulkAwardError("The file is empty. Its first line must be a header, e.g. email")
    if len(data) > MAX_BYTES:
        raise BulkAwardError(
            f"The file is {len(data) // 1024} KB; at most {MAX_BYTES // 1024 // 1024} MB "
            "can be uploaded. Split it into smaller files."
        )
    if data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        raise BulkAwardError(
            "This is a spreadsheet workbook, not a CSV file. Save it as “CSV UTF-8” and "
            "upload that."
        )
    if b"\x00" in data:
        raise BulkAwardError(
            "The file is not readable as CSV: it holds NUL bytes, as binary files and "
            "UTF-16 text do. Save it as “CSV UTF-8” and upload that."
        )
    try:
        return bulk.decode_csv(data)
    except bulk.CsvFileError as exc:
        raise BulkAwardError(str(exc)) from exc


def bulk_award_job_preview(
    *, actor: User, badge_class: BadgeClass, data: bytes, file_name: str = ""
) -> BulkAwardJob:
    """Check an uploaded CSV for `badge_class` and keep what confirming would do.

    Refuses (nothing written) a file that is unusable as a whole: too large, not UTF-8
    text, not CSV, no ``email`` column, unknown columns, more than `MAX_LINES` lines.
    """
    if not badge_permissions.badge_classes.allows(actor, "award", badge_class):
        raise Forbidden("You may not award this badge.")
    if badge_class.status != BadgeClass.Status.ACTIVE:
        raise BadgeClassNotActive(f"“{badge_class.name}” is not active; it cannot be awarded.")
    text = _check_file(data)
    try:
        plan = bulk_award_plan(badge_class=badge_class, text=text, invite=True)
    except bulk.CsvFileError as exc:
        raise BulkAwardError(str(exc)) from exc
    if len(plan.lines) > MAX_LINES:
        raise BulkAwardError(
            f"The file has {len(plan.lines)} lines; at most {MAX_LINES} are taken at once. "
            "Split it into smaller files."
        )
    if not plan.lines:
        raise BulkAwardError("The file has a header but no one in it.")
    return BulkAwardJob.objects.create(
        badge_class=badge_class,
        actor=actor,
        file_name=file_name[:200],
        lines=[line.as_json() for line in plan.lines],
        will_award=plan.count(AWARD),
        will_invite=plan.count(INVITE),
        already_held=plan.count(HELD),
        bad_lines=plan.count(ERROR),
        total=len(plan.to_try),
    )


def bulk_award_job_confirm(*, actor: User, job: BulkAwardJob) -> BulkAwardJob:
    """The admin confirms a previewed job: it starts running (as a Celery task, after
    this transaction commits)."""
    from ... import tasks

    if not permissions.can_manage_bulk_award_job(actor, job):
        raise Forbidden("You may not award this badge.")
    with transaction.atomic():
        locked = BulkAwardJob.objects.select_for_update().get(pk=job.pk)
        BULK_AWARD_FLOW.check(locked.status, Status.RUNNING)
        if not locked.total:
            raise BulkAwardError(
                "No line of this file can be awarded; fix the file and upload it again."
            )
        locked.started_at = timezone.now()
        BULK_AWARD_FLOW.apply(locked, to=Status.RUNNING, actor=actor, also=["started_at"])
        audit_record(
            actor=actor,
            action=AuditAction.BULK_AWARD_CONFIRM,
            target=locked,
            data={
                "badge_class": str(locked.badge_class.public_id),
                "lines": locked.total,
                "file": locked.file_name,
            },
        )
        pk = locked.pk
        transaction.on_commit(lambda: tasks.bulk_award_run.delay(pk))
    return locked


def _run_chunk(job: BulkAwardJob, chunk: list[PlannedLine]) -> None:
    """Award a chunk of lines through the door in one transaction, and record how each
    went, and the progress counts, with it.

    Each address is judged now, not at preview: an account made since is awarded, an
    address whose account is gone is invited. A refusal of the whole chunk (the admin
    may no longer award the badge, it was archived) is every line's outcome."""
    with transaction.atomic():
        try:
            with transaction.atomic():  # a refusal undoes this chunk's awards only
                results = assertions_award_batch(
                    actor=job.actor, badge_class=job.badge_class, recipients=chunk
                )
        except (ServiceError, PermissionDenied) as exc:
            results = [BatchResult(BATCH_ERROR, reason=str(exc)) for _ in chunk]
        outcomes = [_OUTCOME[r.outcome] for r in results]
        BulkAwardLine.objects.bulk_create(
            BulkAwardLine(
                job=job,
                line=planned.line,
                email=planned.email,
                outcome=outcome,
                assertion=result.assertion,
                reason=result.reason[:500],
            )
            for planned, result, outcome in zip(chunk, results, outcomes, strict=True)
        )
        counts = Counter(_COUNTER[outcome] for outcome in outcomes)
        BulkAwardJob.objects.filter(pk=job.pk).update(
            processed=F("processed") + len(chunk),
            **{name: F(name) + n for name, n in counts.items()},
            updated_at=timezone.now(),
        )


def _end(job_id: int, to: str, failure: str = "") -> BulkAwardJob:
    with transaction.atomic():
        locked = BulkAwardJob.objects.select_for_update().get(pk=job_id)
        locked.finished_at = timezone.now()
        locked.failure = failure[:500]
        BULK_AWARD_FLOW.apply(
            locked,
            to=to,
            actor=None,
            actor_label=RUN_LABEL,
            reason=failure[:500],
            also=["finished_at", "failure"],
        )
        audit_record(
            actor=None,
            actor_label=RUN_LABEL,
            action=AuditAction.BULK_AWARD_FINISH,
            target=locked,
            data={
                "status": to,
                "awarded": locked.awarded,
                "invited": locked.invited,
                "held": locked.held,
                "errors": locked.errors,
            },
        )
    return locked


def bulk_award_job_run(*, job_id: int) -> BulkAwardJob | None:
    """Award every line of a confirmed job not done yet, then mark it done.

    An unexpected error stops the run and marks the job failed (the lines done so far
    stand, each with its outcome); refusals by the award door are that line's outcome.
    """
    job = (
        BulkAwardJob.objects.select_related("badge_class__issuer", "actor")
        .filter(pk=job_id)
        .first()
    )
    if job is None or job.status != Status.RUNNING:
        return job
    done = set(job.results.values_list("line", flat=True))
    try:
        chunk: list[PlannedLine] = []
        for data in job.lines:
            planned = PlannedLine.from_json(data)
            if planned.to_try and planned.line not in done:
                chunk.append(planned)
            if len(chunk) == CHUNK:
                _run_chunk(job, chunk)
                chunk = []
        if chunk:
            _run_chunk(job, chunk)
    except Exception as exc:  # stop, keep what was done, and say so on the page
        logger.exception("Bulk award job %s stopped", job.public_id)
        return _end(job.pk, Status.FAILED, f"The run stopped unexpectedly: {exc}")
    return _end(job.pk, Status.DONE)
