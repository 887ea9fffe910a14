"""Bulk awards from a CSV file: the plan (what a file would do), the job (preview,
confirm, run) and its per-line report. The console and `manage.py award --csv` read
files through `bulk_award_plan`."""

from .jobs import (
    MAX_BYTES,
    MAX_LINES,
    bulk_award_job_confirm,
    bulk_award_job_preview,
    bulk_award_job_run,
)
from .plan import AWARD, ERROR, HELD, BulkPlan, PlannedLine, bulk_award_plan
from .report import ReportLine, report_csv, report_lines

__all__ = [
    "AWARD",
    "ERROR",
    "HELD",
    "MAX_BYTES",
    "MAX_LINES",
    "BulkPlan",
    "PlannedLine",
    "ReportLine",
    "bulk_award_job_confirm",
    "bulk_award_job_preview",
    "bulk_award_job_run",
    "bulk_award_plan",
    "report_csv",
    "report_lines",
]
