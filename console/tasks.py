"""Celery tasks of the console: refreshing the district dashboards' stored snapshots
(in process when there is no broker; see config/celery.py)."""

from __future__ import annotations

from datetime import date

from celery import shared_task


@shared_task(acks_late=True)
def refresh_dashboard_snapshot(district_id: int, start: str, end: str) -> int | None:
    """Compute and store one district's dashboard over `start`–`end` (ISO dates); the
    snapshot's id, or None when the district is gone."""
    from accounts.models import Organization

    from .services.snapshots import dashboard_snapshot_refresh

    district = Organization.objects.filter(pk=district_id, kind=Organization.Kind.DISTRICT).first()
    if district is None:
        return None
    snapshot = dashboard_snapshot_refresh(
        district=district, start=date.fromisoformat(start), end=date.fromisoformat(end)
    )
    return snapshot.pk


@shared_task
def refresh_dashboards() -> int:
    """Beat (every DASHBOARD_MAX_AGE): queue a refresh of every district's dashboard
    over the default ranges (one task each, none while one is queued or running), and
    remove snapshots no one uses. The number of refreshes queued."""
    from .services.snapshots import (
        dashboard_ranges,
        dashboard_snapshot_request_refresh,
        dashboard_snapshots_prune,
        districts_with_dashboards,
    )

    ranges = dashboard_ranges()
    queued = 0
    for district in districts_with_dashboards().iterator():
        for start, end in ranges:
            queued += dashboard_snapshot_request_refresh(district=district, start=start, end=end)
    dashboard_snapshots_prune()
    return queued
