"""Bulk-award jobs: preview a CSV upload, confirm it, run it line by line.

- `bulk_award_job_preview` reads and checks the file and writes one row, the job in
  "previewed" state, holding every line and what confirming would do to it. No one is
  awarded, no audit row is written.
- `bulk_award_job_confirm` moves it to "running" and queues `pathways.tasks.
  bulk_award_run` once the transaction commits (in process when there is no broker).
- `bulk_award_job_run` (the task's body) awards each line through the one award door
  (`assertion_award_to_email`: an address no account holds is awarded the badge and
  invited to sign up, except for student badges, refused at preview),
  one transaction per line, writing the line's outcome and the progress counts with
  it; a line already done is skipped, so a job resumed after a crash awards no one
  twice, and a rerun of the same file finds everyone holding the badge already.
"""

from __future__ import annotations

import logging

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
from ..awards import assertion_award_to_email
from .plan import AWARD, ERROR, HELD, INVITE, PlannedLine, bulk_award_plan

logger = logging.getLogger(__name__)

MAX_BYTES = 2 * 1024 * 1024
MAX_LINES = 5000
RUN_LABEL = "bulk award"
Status = BulkAwardJob.Status
Outcome = BulkAwardLine.Outcome

_COUNTER = {
    Outcome.AWARDED: "awarded",
    Outcome.INVITED: "invited",
    Outcome.HELD: "held",
    Outcome.ERROR: "errors",
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


def _run_line(job: BulkAwardJob, planned: PlannedLine) -> Outcome:
    """Award one line through the door and record how it went, in one transaction.

    The address is judged now, not at preview: an account made since is awarded, an
    address whose account is gone is invited."""
    with transaction.atomic():
        assertion, reason = None, ""
        try:
            with transaction.atomic():  # a refusal undoes this award only
                award = assertion_award_to_email(
                    actor=job.actor,
                    badge_class=job.badge_class,
                    email=planned.email,
                    evidence=planned.evidence,
                    narrative=planned.narrative,
                )
        except (ServiceError, PermissionDenied) as exc:
            outcome, reason = Outcome.ERROR, str(exc)
        else:
            assertion = award.assertion
            if not award.created:
                outcome = Outcome.HELD
            elif assertion.is_claimed:
                outcome = Outcome.AWARDED
            else:
                outcome = Outcome.INVITED
        BulkAwardLine.objects.create(
            job=job,
            line=planned.line,
            email=planned.email,
            outcome=outcome,
            assertion=assertion,
            reason=reason[:500],
        )
        BulkAwardJob.objects.filter(pk=job.pk).update(
            processed=F("processed") + 1,
            **{_COUNTER[outcome]: F(_COUNTER[outcome]) + 1},
            updated_at=timezone.now(),
        )
    return outcome


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
        for data in job.lines:
            planned = PlannedLine.from_json(data)
            if planned.to_try and planned.line not in done:
                _run_line(job, planned)
    except Exception as exc:  # stop, keep what was done, and say so on the page
        logger.exception("Bulk award job %s stopped", job.public_id)
        return _end(job.pk, Status.FAILED, f"The run stopped unexpectedly: {exc}")
    return _end(job.pk, Status.DONE)
