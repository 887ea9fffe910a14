"""The district dashboard: professional learning, credentials, evidence and coaching
for one district over a date range, with the district's small groups withheld.

One read for the page and the CSV (`dashboard_csv_rows` writes the same cells the
page shows). Every number is a GROUP BY or an aggregate in the database; the number
of queries is fixed (about twenty-five) whatever the number of rows, but each reads
the whole district's data (seconds at statewide scale), so pages do not compute it:
they read a stored `DashboardSnapshot` (`console.services.snapshots`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from accounts.models import Organization, User
from accounts.selectors import district_settings_of
from core.errors import NotFound

from .. import permissions
from .coaching import coaching_section
from .credentials import credentials_section, district_badges
from .evidence import evidence_section
from .learning import learning_section
from .scope import scope_for
from .tables import Section


@dataclass(frozen=True)
class Dashboard:
    district: Organization
    start: date
    end: date
    threshold: int
    target_days: int
    sections: tuple[Section, ...]

    @property
    def any_withheld(self) -> bool:
        return any(
            not s.totals_shown or any(t.any_suppressed for t in s.tables) for s in self.sections
        )


def district_dashboard(
    *, viewer: User, district: Organization, start: date, end: date
) -> Dashboard:
    """The dashboard of `district` for `viewer` (its admin, or a superuser); NotFound
    for anyone else. Groups about fewer people than the district's
    `small_group_threshold` are withheld (see `console.selectors.tables`)."""
    if not permissions.districts.allows(viewer, "view", district):
        raise NotFound()
    return district_dashboard_compute(district=district, start=start, end=end)


def district_dashboard_compute(*, district: Organization, start: date, end: date) -> Dashboard:
    """The dashboard of `district`, computed now from the whole district's rows, for
    no one in particular: what `console.services.snapshots` stores. Pages read the
    stored snapshot; only a refresh calls this."""
    settings = district_settings_of(district)
    scope = scope_for(
        district,
        start=start,
        end=end,
        threshold=settings.small_group_threshold,
        target_days=settings.review_target_days,
    )
    badge_names = dict(district_badges(scope).values_list("pk", "name"))
    sections = (
        learning_section(scope),
        credentials_section(scope, badge_names),
        evidence_section(scope, badge_names),
        coaching_section(scope),
    )
    return Dashboard(
        district=district,
        start=start,
        end=end,
        threshold=scope.threshold,
        target_days=scope.target_days,
        sections=sections,
    )


CSV_HEADER = ["section", "table", "group", "measure", "value"]


def dashboard_csv_rows(dashboard: Dashboard) -> list[list[str]]:
    """The dashboard as CSV rows, one per number shown: the district totals, then every
    table's cells, exactly as the page writes them ("<N" and "suppressed" included)."""
    rows = [CSV_HEADER]
    totals = _("District totals")
    for section in dashboard.sections:
        for figure in section.figures:
            rows.append([section.title, totals, dashboard.district.name, figure.label, figure.text])
        for table in section.tables:
            for row in table.rows:
                for heading, cell in zip(table.columns, row.cells, strict=True):
                    rows.append([section.title, table.caption, row.label, heading, cell.text])
    return rows
