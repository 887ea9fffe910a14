"""The per-line report of a bulk-award job: every line of the file, in order, with
what happened to it (or, before it ran, what would), and the hosted URL of the badge
or the reason it was not awarded."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from badges import hosting

from ...models import BulkAwardJob, BulkAwardLine
from .plan import AWARD, ERROR, HELD, INVITE, PlannedLine

Outcome = BulkAwardLine.Outcome
# What a line not run yet would get (the preview's words).
PLANNED = {
    AWARD: gettext_lazy("Will be awarded"),
    INVITE: gettext_lazy("Will be invited (no account yet)"),
    HELD: gettext_lazy("Already holds it"),
    ERROR: gettext_lazy("Not awarded"),
}
# Cells a spreadsheet would run as a formula.
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class ReportLine:
    line: int
    email: str
    outcome: str  # an Outcome value, or "pending" / "planned-…"
    label: str
    url: str = ""
    reason: str = ""


def report_lines(*, job: BulkAwardJob) -> list[ReportLine]:
    """Every line of `job`'s file with its outcome (two queries)."""
    results = {r.line: r for r in BulkAwardLine.objects.filter(job=job).select_related("assertion")}
    rows: list[ReportLine] = []
    for data in job.lines:
        planned = PlannedLine.from_json(data)
        done = results.get(planned.line)
        if done is not None:
            rows.append(
                ReportLine(
                    line=done.line,
                    email=done.email,
                    outcome=done.outcome,
                    label=str(Outcome(done.outcome).label),
                    url=hosting.assertion_url(done.assertion) if done.assertion else "",
                    reason=done.reason,
                )
            )
        elif planned.outcome == ERROR:
            rows.append(
                ReportLine(
                    line=planned.line,
                    email=planned.email,
                    outcome=Outcome.ERROR,
                    label=str(Outcome.ERROR.label),
                    reason=planned.reason,
                )
            )
        else:
            waiting = job.status == BulkAwardJob.Status.PREVIEWED
            rows.append(
                ReportLine(
                    line=planned.line,
                    email=planned.email,
                    outcome=f"planned-{planned.outcome}" if waiting else "pending",
                    label=str(PLANNED[planned.outcome]) if waiting else _("Not run yet"),
                )
            )
    return rows


def _cell(value: str) -> str:
    return f"'{value}" if value.startswith(_FORMULA) else value


def report_csv(*, job: BulkAwardJob) -> str:
    """The report as CSV text: line, email, outcome, url, reason."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["line", "email", "outcome", "url", "reason"])
    for row in report_lines(job=job):
        writer.writerow([row.line, _cell(row.email), row.outcome, row.url, _cell(row.reason)])
    return out.getvalue()
