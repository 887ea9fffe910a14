"""The dashboard's professional-learning section: modules started and finished by the
district's people, and the minutes of the modules they finished (each module's
estimated minutes), by school. Three queries, four when a school is withheld."""

from __future__ import annotations

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from courses.models import Enrollment

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


def learning_section(scope: Scope) -> Section:
    t = scope.threshold
    enrollments = Enrollment.objects.filter(learner_id__in=scope.people())
    started = Q(**scope.in_range("started_at"))
    finished = Q(**scope.in_range("completed_at"))

    # By school: the district's people at each school (one row per person there).
    e = "user__enrollments__"
    s_started = Q(**scope.in_range(f"{e}started_at"))
    s_finished = Q(**scope.in_range(f"{e}completed_at"))
    by_school, hidden = breakdown(
        scope.memberships(),
        group="organization",
        labels=scope.org_labels,
        people=Count("user", distinct=True, filter=s_started | s_finished),
        measures=[
            Measure("started", _("Modules started"), Count(f"{e}pk", filter=s_started)),
            Measure("finished", _("Modules finished"), Count(f"{e}pk", filter=s_finished)),
            Measure("minutes", _("Minutes"), Sum(f"{e}module__minutes", filter=s_finished)),
        ],
        threshold=t,
        key="pd-by-school",
        caption=_("Professional learning by school"),
        group_heading=_("School"),
        people_heading=_("Educators"),
        empty=_("No modules started or finished in this period."),
        chart_column=3,
    )
    active = enrollments.filter(started | finished)
    hidden_people = combined_people(
        active, group="learner__memberships__organization", keys=hidden, person="learner"
    )
    totals = enrollments.aggregate(
        people=Count("learner", distinct=True, filter=started | finished),
        started=Count("pk", filter=started),
        finished=Count("pk", filter=finished),
        minutes=Sum("module__minutes", filter=finished),
    )
    figures, note = figures_or_hidden(
        [
            Figure(_("Educators learning"), fmt_int(totals["people"])),
            Figure(_("Modules started"), fmt_int(totals["started"])),
            Figure(_("Modules finished"), fmt_int(totals["finished"])),
            Figure(_("Minutes of learning finished"), fmt_int(totals["minutes"])),
        ],
        shown=totals_disclosed(totals["people"], [hidden_people], t),
        threshold=t,
    )
    return Section(
        key="pd",
        title=_("Professional learning"),
        about=_(
            "Modules the district's people started or finished in the period, and the "
            "estimated minutes of the modules they finished. Someone at two schools "
            "counts at each."
        ),
        figures=figures,
        tables=[by_school],
        totals_shown=not note,
        totals_note=note,
        chart=by_school,
    )
