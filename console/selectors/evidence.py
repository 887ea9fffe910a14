"""The dashboard's evidence section: what waits for a decision now (and how much of it
is past the district's review target), and how long decisions took in the period:
from a version's submission to the decision on it (approve, request changes or
decline), median and 90th percentile, by badge.

Percentiles are computed in the database: the decisions are ranked within each badge
by turnaround (a window function), and only the ranks wanted are read (the
nearest-rank method: the p-th percentile of n values is the ⌈p·n⌉-th smallest)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from django.db.models import (
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Window,
)
from django.db.models.functions import RowNumber
from django.utils.translation import gettext as _

from core.policies import any_of
from evidence.models import StatusChange, Submission, SubmissionVersion

from .credentials import district_badges
from .scope import Scope
from .tables import (
    Figure,
    Measure,
    Section,
    breakdown,
    combined_people,
    figures_or_hidden,
    fmt_days,
    fmt_int,
    totals_disclosed,
)

S = Submission.Status
DECISIONS = (S.APPROVED, S.CHANGES_REQUESTED, S.DECLINED)
MEDIAN, P90 = 0.5, 0.9


def decisions(scope: Scope) -> QuerySet[StatusChange]:
    """Decisions in the range on the district's badges, each with its `turnaround`."""
    submitted = (
        SubmissionVersion.objects.filter(
            submission_id=OuterRef("submission_id"), number=OuterRef("version")
        )
        .order_by()
        .values("submitted_at")[:1]
    )
    return (
        StatusChange.objects.filter(
            submission__badge_class_id__in=district_badges(scope).values("pk"),
            to_status__in=DECISIONS,
            **scope.in_range("created_at"),
        )
        .annotate(submitted=Subquery(submitted))
        .filter(submitted__isnull=False)
        .annotate(
            turnaround=ExpressionWrapper(
                F("created_at") - F("submitted"), output_field=DurationField()
            )
        )
    )


def percentiles(
    qs: QuerySet, *, value: str, group: str | None, points: Sequence[float]
) -> dict[Any, dict[float, Any]]:
    """The nearest-rank percentiles of `value` within each `group` (or overall), one
    query reading only the rows at those ranks: {group: {point: value}}."""
    partition = [F(group)] if group else []
    ranked = qs.annotate(
        _rank=Window(RowNumber(), partition_by=partition, order_by=[F(value).asc(), F("pk")]),
        _n=Window(Count("pk"), partition_by=partition),
    )
    wanted = any_of(Q(_rank__gte=F("_n") * p, _rank__lt=F("_n") * p + 1) for p in points)
    fields = [value, "_rank", "_n", *([group] if group else [])]
    found: dict[Any, dict[float, Any]] = {}
    for row in ranked.filter(wanted).values(*fields):
        key = row[group] if group else None
        for p in points:
            if row["_n"] * p <= row["_rank"] < row["_n"] * p + 1:
                found.setdefault(key, {})[p] = row[value]
    return found


def evidence_section(scope: Scope, badge_names: dict[int, str]) -> Section:
    t = scope.threshold
    target = timedelta(days=scope.target_days)
    waiting = Submission.objects.filter(
        badge_class_id__in=district_badges(scope).values("pk"),
        status__in=Submission.REVIEWABLE_STATUSES,
    )
    overdue = Q(submitted_at__lt=scope.overdue_before)
    queue, hidden_queue = breakdown(
        waiting,
        group="badge_class",
        labels=badge_names,
        people=Count("earner", distinct=True),
        measures=[
            Measure("waiting", _("Waiting"), Count("pk")),
            Measure("overdue", _("Past the target"), Count("pk", filter=overdue)),
        ],
        threshold=t,
        key="waiting-by-badge",
        caption=_("Evidence waiting for a decision now, by badge"),
        group_heading=_("Badge"),
        people_heading=_("Earners"),
        empty=_("No evidence is waiting for a decision."),
    )
    decided = decisions(scope)
    by_badge_pct = percentiles(
        decided, value="turnaround", group="submission__badge_class", points=(MEDIAN, P90)
    )
    extra = {
        key: {"median": pct.get(MEDIAN), "p90": pct.get(P90)} for key, pct in by_badge_pct.items()
    }
    turnaround, hidden_turnaround = breakdown(
        decided,
        group="submission__badge_class",
        labels=badge_names,
        people=Count("submission__earner", distinct=True),
        measures=[
            Measure("decisions", _("Decisions"), Count("pk")),
            Measure("median", _("Median days"), fmt=fmt_days),
            Measure("p90", _("90th percentile days"), fmt=fmt_days),
            Measure("late", _("Over the target"), Count("pk", filter=Q(turnaround__gt=target))),
        ],
        threshold=t,
        key="turnaround-by-badge",
        caption=_("Time from submission to decision, by badge"),
        group_heading=_("Badge"),
        people_heading=_("Earners"),
        extra=extra,
        empty=_("No decisions in this period."),
        chart_column=2,
    )
    queue_totals = waiting.aggregate(
        people=Count("earner", distinct=True), n=Count("pk"), overdue=Count("pk", filter=overdue)
    )
    queue_figures, queue_note = figures_or_hidden(
        [
            Figure(_("Waiting for a decision"), fmt_int(queue_totals["n"])),
            Figure(_("Waiting past the target"), fmt_int(queue_totals["overdue"])),
        ],
        shown=totals_disclosed(
            queue_totals["people"],
            [combined_people(waiting, group="badge_class", keys=hidden_queue, person="earner")],
            t,
        ),
        threshold=t,
    )
    decided_totals = decided.aggregate(
        people=Count("submission__earner", distinct=True),
        n=Count("pk"),
        late=Count("pk", filter=Q(turnaround__gt=target)),
    )
    overall = percentiles(decided, value="turnaround", group=None, points=(MEDIAN, P90)).get(
        None, {}
    )
    decided_figures, decided_note = figures_or_hidden(
        [
            Figure(_("Decisions"), fmt_int(decided_totals["n"])),
            Figure(_("Median days to a decision"), fmt_days(overall.get(MEDIAN))),
            Figure(_("90th percentile days"), fmt_days(overall.get(P90))),
            Figure(_("Decided after the target"), fmt_int(decided_totals["late"])),
        ],
        shown=totals_disclosed(
            decided_totals["people"],
            [
                combined_people(
                    decided,
                    group="submission__badge_class",
                    keys=hidden_turnaround,
                    person="submission__earner",
                )
            ],
            t,
        ),
        threshold=t,
    )
    note = queue_note or decided_note
    return Section(
        key="evidence",
        title=_("Evidence"),
        about=_(
            "Evidence for the district's badges waiting for a decision today, and the "
            "decisions made in the period: days from a version's submission to the "
            "decision on it. The review target is %(days)s days."
        )
        % {"days": scope.target_days},
        figures=[*queue_figures, *decided_figures],
        tables=[queue, turnaround],
        totals_shown=not note,
        totals_note=note,
        chart=turnaround,
    )
