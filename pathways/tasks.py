"""Celery tasks for pathways: running a confirmed bulk award (in process when there is
no broker; see config/celery.py)."""

from __future__ import annotations

from celery import shared_task


@shared_task(acks_late=True)
def bulk_award_run(job_id: int) -> str:
    """Award the lines of a confirmed bulk-award job not done yet (safe to run twice:
    each line is done once, and a finished job is left alone)."""
    from .services.bulk import bulk_award_job_run

    job = bulk_award_job_run(job_id=job_id)
    return job.status if job is not None else "missing"
