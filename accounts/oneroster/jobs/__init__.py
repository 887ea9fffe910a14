"""Roster imports as jobs: uploads previewed then confirmed, and pulls from the SIS's
OneRoster 1.2 API, each run as a Celery task with its progress on the job."""

from .flow import (
    ROSTER_IMPORT_FLOW,
    connection_of,
    districts_for,
    import_for,
    imports_of,
    problems_of,
)
from .pulls import (
    RosterConnectionError,
    roster_connection_update,
    roster_pull,
    roster_pull_job_run,
    roster_pull_nightly,
)
from .uploads import roster_import_confirm, roster_import_job_run, roster_import_preview

__all__ = [
    "ROSTER_IMPORT_FLOW",
    "RosterConnectionError",
    "connection_of",
    "districts_for",
    "import_for",
    "imports_of",
    "problems_of",
    "roster_connection_update",
    "roster_import_confirm",
    "roster_import_job_run",
    "roster_import_preview",
    "roster_pull",
    "roster_pull_job_run",
    "roster_pull_nightly",
]
