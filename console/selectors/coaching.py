"""The dashboard's coaching section: coaching sessions held at the district's schools
in the period and their minutes, by school and by kind of session. Aggregates only,
never notes."""

from __future__ import annotations

from django.db.models import Count, Sum
from django.utils.translation import gettext as _

from coaching.models import CoachingSession

from .scope import Scope
from .tables import (
    Figure,
    Measure,
    Section,
    breakdown,
    combined_people,
    figures_or_hidden,
    fmt_int,
    totals_disclosed,
)


def coaching_section(scope: Scope) -> Section:
    t = scope.threshold
    sessions = CoachingSession.objects.filter(
        school_id__in=scope.org_ids, **scope.in_date_range("held_on")
    )
    measures = [
        Measure("sessions", _("Sessions"), Count("pk", distinct=True)),
        Measure("minutes", _("Minutes"), Sum("minutes")),
    ]
    common = {
        "people": Count("teacher", distinct=True),
        "measures": measures,
        "threshold": t,
        "people_heading": _("Teachers"),
        "empty": _("No coaching sessions in this period."),
    }
    by_school, hidden_schools = breakdown(
        sessions,
        group="school",
        labels=scope.org_labels,
        key="coaching-by-school",
        caption=_("Coaching by school"),
        group_heading=_("School"),
        chart_column=2,
        **common,
    )
    kinds = {k: str(v) for k, v in CoachingSession.Kind.choices}
    by_kind, hidden_kinds = breakdown(
        sessions,
        group="kind",
        labels=kinds,
        key="coaching-by-kind",
        caption=_("Coaching by kind of session"),
        group_heading=_("Kind"),
        **common,
    )
    totals = sessions.aggregate(
        people=Count("teacher", distinct=True), n=Count("pk"), minutes=Sum("minutes")
    )
    hidden = [
        combined_people(sessions, group="school", keys=hidden_schools, person="teacher"),
        combined_people(sessions, group="kind", keys=hidden_kinds, person="teacher"),
    ]
    figures, note = figures_or_hidden(
        [
            Figure(_("Teachers coached"), fmt_int(totals["people"])),
            Figure(_("Coaching sessions"), fmt_int(totals["n"])),
            Figure(_("Minutes of coaching"), fmt_int(totals["minutes"])),
        ],
        shown=totals_disclosed(totals["people"], hidden, t),
        threshold=t,
    )
    return Section(
        key="coaching",
        title=_("Coaching"),
        about=_("Coaching sessions held at the district's schools in the period."),
        figures=figures,
        tables=[by_school, by_kind],
        totals_shown=not note,
        totals_note=note,
        chart=by_school,
    )
