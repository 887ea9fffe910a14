"""The console's stored read model: each district dashboard's figures, as computed."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q

from accounts.models import Organization


class DashboardSnapshot(models.Model):
    """One district's dashboard for one date range, computed at `computed_at`.

    `payload` is the serialized `console.selectors.dashboard.Dashboard` (see
    `console.selectors.payload`): every section, table, chart and withheld flag, exactly
    as the page and the CSV show them. A row with no `computed_at` (and no payload) is
    a range asked for whose first figures are still being computed. `computing_since`
    is set while a refresh is queued or running, so that pages ask for one at a time.
    """

    district = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="dashboard_snapshots"
    )
    start = models.DateField()
    end = models.DateField()  # inclusive
    computed_at = models.DateTimeField(null=True, blank=True, editable=False)
    payload = models.JSONField(null=True, blank=True, editable=False)
    computing_since = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["district", "start", "end"], name="dashboardsnapshot_one_per_range"
            ),
            models.CheckConstraint(
                condition=Q(end__gte=F("start")), name="dashboardsnapshot_end_not_before_start"
            ),
            models.CheckConstraint(
                condition=Q(computed_at__isnull=True) | Q(payload__isnull=False),
                name="dashboardsnapshot_computed_has_payload",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.district_id}: {self.start} to {self.end} as of {self.computed_at}"
