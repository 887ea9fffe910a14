"""The dashboard's credentials section: badges the district's issuers awarded in the
period (revoked ones left out), by badge and by the recipient's school; and, from the
evidence decided in the period, the pass rate (approved of approved and declined)
and the resubmission rate (decided on a second or later version)."""

from __future__ import annotations

from django.db.models import Count, FloatField, Q
from django.db.models.functions import Cast
from django.utils.translation import gettext as _

from badges.models import Assertion, BadgeClass
from evidence.models import Submission

from .scope import Scope
from .tables import (
    Figure,
    Measure,
    Section,
    breakdown,
    combined_people,
    figures_or_hidden,
    fmt_int,
    fmt_percent,
    totals_disclosed,
)

S = Submission.Status
DECIDED = (S.APPROVED, S.DECLINED)


def district_badges(scope: Scope):
    """The badge classes of the district's issuers (the district's or its schools')."""
    return BadgeClass.objects.filter(issuer__organization_id__in=scope.org_ids)


def _rate(part: Q) -> Cast:
    """The share of the group's rows that match `part` (0 to 1), in the database."""
    return Cast(Count("pk", filter=part), FloatField()) / Cast(Count("pk"), FloatField())


def credentials_section(scope: Scope, badge_names: dict[int, str]) -> Section:
    t = scope.threshold
    badges = district_badges(scope).values("pk")
    awards = Assertion.objects.filter(
        badge_class_id__in=badges, revoked_at__isnull=True, **scope.in_range("issued_on")
    )
    by_badge, hidden_badges = breakdown(
        awards,
        group="badge_class",
        labels=badge_names,
        people=Count("recipient_email", distinct=True),
        measures=[Measure("awarded", _("Awarded"), Count("pk"))],
        threshold=t,
        key="awards-by-badge",
        caption=_("Badges awarded, by badge"),
        group_heading=_("Badge"),
        people_heading=_("Recipients"),
        empty=_("No badges awarded in this period."),
        chart_column=1,
    )
    a = Q(
        user__assertions__badge_class_id__in=badges,
        user__assertions__revoked_at__isnull=True,
        **scope.in_range("user__assertions__issued_on"),
    )
    by_school, hidden_schools = breakdown(
        scope.memberships(),
        group="organization",
        labels=scope.org_labels,
        people=Count("user", distinct=True, filter=a),
        measures=[Measure("awarded", _("Awarded"), Count("user__assertions", filter=a))],
        threshold=t,
        key="awards-by-school",
        caption=_("Badges awarded, by the recipient's school"),
        group_heading=_("School"),
        people_heading=_("Recipients"),
        empty=_("No badges awarded in this period."),
    )
    decided = Submission.objects.filter(
        badge_class_id__in=badges, status__in=DECIDED, **scope.in_range("decided_at")
    )
    passed, resubmitted = Q(status=S.APPROVED), Q(version__gt=1)
    outcomes, hidden_outcomes = breakdown(
        decided,
        group="badge_class",
        labels=badge_names,
        people=Count("earner", distinct=True),
        measures=[
            Measure("decided", _("Decided"), Count("pk")),
            Measure("pass_rate", _("Pass rate"), _rate(passed), fmt_percent),
            Measure("resubmission_rate", _("Resubmission rate"), _rate(resubmitted), fmt_percent),
        ],
        threshold=t,
        key="outcomes-by-badge",
        caption=_("Evidence decisions, by badge"),
        group_heading=_("Badge"),
        people_heading=_("Earners"),
        empty=_("No evidence was approved or declined in this period."),
    )
    award_totals = awards.aggregate(people=Count("recipient_email", distinct=True), n=Count("pk"))
    award_hidden = [
        combined_people(awards, group="badge_class", keys=hidden_badges, person="recipient_email"),
        combined_people(
            awards,
            group="recipient__memberships__organization",
            keys=hidden_schools,
            person="recipient_email",
        ),
    ]
    award_figures, award_note = figures_or_hidden(
        [
            Figure(_("Badges awarded"), fmt_int(award_totals["n"])),
            Figure(_("Recipients"), fmt_int(award_totals["people"])),
        ],
        shown=totals_disclosed(award_totals["people"], award_hidden, t),
        threshold=t,
    )
    outcome_totals = decided.aggregate(
        people=Count("earner", distinct=True),
        n=Count("pk"),
        passed=Count("pk", filter=passed),
        resubmitted=Count("pk", filter=resubmitted),
    )
    n = outcome_totals["n"]
    outcome_figures, outcome_note = figures_or_hidden(
        [
            Figure(_("Evidence decided"), fmt_int(n)),
            Figure(_("Pass rate"), fmt_percent(outcome_totals["passed"] / n if n else None)),
            Figure(
                _("Resubmission rate"),
                fmt_percent(outcome_totals["resubmitted"] / n if n else None),
            ),
        ],
        shown=totals_disclosed(
            outcome_totals["people"],
            [combined_people(decided, group="badge_class", keys=hidden_outcomes, person="earner")],
            t,
        ),
        threshold=t,
    )
    note = award_note or outcome_note
    return Section(
        key="credentials",
        title=_("Credentials"),
        about=_(
            "Badges of the district's issuers awarded in the period (revoked ones left "
            "out). The pass rate is the share of evidence approved among the evidence "
            "approved or declined in the period; the resubmission rate, the share of it "
            "decided on a second or later version."
        ),
        figures=[*award_figures, *outcome_figures],
        tables=[by_badge, by_school, outcomes],
        totals_shown=not note,
        totals_note=note,
        chart=by_badge,
    )
