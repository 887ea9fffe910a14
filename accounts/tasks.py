"""Celery tasks of the accounts app (Celery's autodiscovery imports this module)."""

from .oneroster.tasks import roster_import_run, roster_pull_nightly, roster_pull_run

__all__ = ["roster_import_run", "roster_pull_nightly", "roster_pull_run"]
