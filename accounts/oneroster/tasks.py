"""Celery tasks for roster imports (in process when there is no broker; see
config/celery.py). Each is safe to run twice: a job that is not running is left alone."""

from __future__ import annotations

from celery import shared_task


@shared_task(acks_late=True)
def roster_import_run(job_public_id: str) -> str:
    """Import a confirmed console upload."""
    from .jobs import roster_import_job_run

    job = roster_import_job_run(job_public_id=job_public_id)
    return job.status if job is not None else "missing"


@shared_task(acks_late=True)
def roster_pull_run(job_public_id: str) -> str:
    """Read one district's roster from its SIS's OneRoster API and import it."""
    from .jobs import roster_pull_job_run

    job = roster_pull_job_run(job_public_id=job_public_id)
    return job.status if job is not None else "missing"


@shared_task
def roster_pull_nightly() -> int:
    """Celery beat, nightly: start a pull of every enabled SIS connection."""
    from .jobs import roster_pull_nightly as start_all

    return len(start_all())
