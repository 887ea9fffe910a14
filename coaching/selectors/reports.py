"""The coaching report: minutes and sessions by school, kind and competency, for the
schools and districts a person may read the report of. Aggregates only, never notes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Max, Q, Sum
from django.db.models.functions import Coalesce

from accounts.models import DistrictSettings, Organization, User

from .. import permissions
from ..models import CoachingSession

# Aggregates about fewer people are suppressed: each district sets its own threshold
# (DistrictSettings.small_group_threshold); this is the default for one that has not.
PRIVACY_MIN_PEOPLE: int = DistrictSettings._meta.get_field("small_group_threshold").default


@dataclass(frozen=True)
class ReportRow:
    label: str
    teachers: int | None  # None when suppressed
    sessions: int | None
    minutes: int | None

    @property
    def suppressed(self) -> bool:
        return self.teachers is None


def _row(label: str, values: dict[str, Any], min_people: int) -> ReportRow:
    """A group's numbers, withheld when it is about fewer than `min_people`."""
    if values["teachers"] < min_people:
        return ReportRow(label=label, teachers=None, sessions=None, minutes=None)
    return ReportRow(
        label=label,
        teachers=values["teachers"],
        sessions=values["sessions"],
        minutes=values["minutes"],
    )


@dataclass
class CoachingReport:
    start: date
    end: date
    by_school: list[ReportRow]
    by_kind: list[ReportRow]
    by_competency: list[ReportRow]
    total_sessions: int
    total_minutes: int
    min_people: int = PRIVACY_MIN_PEOPLE  # the threshold the rows were withheld by

    @property
    def show_totals(self) -> bool:
        """See `permissions.report_totals_disclosed`."""
        return permissions.report_totals_disclosed(self)


def coaching_report(*, viewer: User, start: date, end: date) -> CoachingReport:
    """The report of every school and district `viewer` may read it for
    (`permissions.reports`); four queries in all.

    Every row (school, kind, competency) about fewer teachers than the threshold shows
    no numbers: the district's `small_group_threshold`, the strictest of them when the
    report spans several districts (`report_threshold`).
    """
    orgs = permissions.reports.queryset(viewer, "view").values("pk")
    min_people = report_threshold(orgs)
    base = CoachingSession.objects.filter(held_on__gte=start, held_on__lte=end).filter(
        Q(school_id__in=orgs) | Q(school__parent_id__in=orgs)
    )
    agg = {
        "teachers": Count("teacher", distinct=True),
        "sessions": Count("pk", distinct=True),
        "minutes": Sum("minutes"),
    }
    schools = dict(
        Organization.objects.filter(Q(pk__in=orgs) | Q(parent_id__in=orgs)).values_list(
            "pk", "name"
        )
    )
    by_school = sorted(
        (
            _row(schools.get(r["school_id"], str(r["school_id"])), r, min_people)
            for r in base.values("school_id").annotate(**agg).order_by("school_id")
        ),
        key=lambda r: r.label,
    )
    kinds = dict(CoachingSession.Kind.choices)
    by_kind = [
        _row(str(kinds.get(r["kind"], r["kind"])), r, min_people)
        for r in base.values("kind").annotate(**agg).order_by("kind")
    ]
    by_competency = [
        _row(f"{r['focus__code']} {r['focus__statement'][:60]}".strip(), r, min_people)
        for r in base.filter(focus__isnull=False)
        .values("focus__code", "focus__statement")
        .annotate(**agg)
        .order_by("focus__code")
    ]
    totals = base.aggregate(sessions=Count("pk"), minutes=Sum("minutes"))
    return CoachingReport(
        start=start,
        end=end,
        by_school=by_school,
        by_kind=by_kind,
        by_competency=by_competency,
        total_sessions=totals["sessions"] or 0,
        total_minutes=totals["minutes"] or 0,
        min_people=min_people,
    )


def report_threshold(orgs: Any) -> int:
    """The smallest group shown in a report on `orgs` (a queryset of organization
    primary keys): the districts' thresholds (schools ask their district), the
    strictest when there are several, the default for a district without settings."""
    districts = Organization.objects.filter(kind=Organization.Kind.DISTRICT).filter(
        Q(pk__in=orgs) | Q(children__in=orgs)
    )
    found = districts.aggregate(
        n=Max(Coalesce("district_settings__small_group_threshold", PRIVACY_MIN_PEOPLE))
    )["n"]
    return found or PRIVACY_MIN_PEOPLE


def report_csv_rows(report: CoachingReport) -> list[list[str]]:
    """The report as CSV rows: aggregates only, never notes of any kind."""
    out = [["dimension", "group", "teachers", "sessions", "minutes"]]
    for dim, rows in (
        ("school", report.by_school),
        ("kind", report.by_kind),
        ("competency", report.by_competency),
    ):
        for r in rows:
            if r.suppressed:
                out.append([dim, r.label, f"<{report.min_people}", "suppressed", "suppressed"])
            else:
                out.append([dim, r.label, str(r.teachers), str(r.sessions), str(r.minutes)])
    return out
