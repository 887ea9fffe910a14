"""The district dashboard's stored snapshots (`DashboardSnapshot`).

Statewide, one district's dashboard reads every membership, assertion, enrollment and
decision of the district: seconds, not a page's time. So the figures are computed off
the request (Celery: beat every `DASHBOARD_MAX_AGE`, and on demand) and stored, and
pages read the stored figures with the time they were computed:

- fresh (computed within `settings.DASHBOARD_MAX_AGE`): shown;
- stale: shown, with their time, and one refresh queued (not another while one is
  queued or running, for up to `COMPUTING_FOR`);
- missing, unreadable (an older payload version) or computed with another threshold
  or review target than the district's now: not shown; a refresh is queued and the
  page says the figures are being computed.

With no broker (`CELERY_TASK_ALWAYS_EAGER`: one machine, tests) nothing else would
compute them, so a stale or missing snapshot is computed in the request.

These services change no one's data, only a read model recomputed from it, and are
run by the system (beat, the command, a page's request), so they write no audit rows:
the audit trail records consequential acts by people, and a row every few minutes per
district and range would bury them. Who may read the figures is checked by the views
before any of this (`console.permissions.districts`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.models import Organization
from accounts.selectors import district_settings_of

from ..forms import default_range, school_year_range
from ..models import DashboardSnapshot
from ..selectors.dashboard import Dashboard, district_dashboard_compute
from ..selectors.payload import PayloadError, dashboard_from_payload, dashboard_to_payload

# A refresh asked for longer ago than this and not finished is taken as lost (a worker
# that stopped) and may be asked for again.
COMPUTING_FOR = timedelta(minutes=5)
# Snapshots of ranges no one opened for this long (not the default ranges) are removed.
KEEP_UNUSED_FOR = timedelta(days=7)


def max_age() -> timedelta:
    return timedelta(seconds=settings.DASHBOARD_MAX_AGE)


def dashboard_ranges(today: date | None = None) -> list[tuple[date, date]]:
    """The ranges kept fresh for every district: the page's default (the last 90 days)
    and the school year so far (the page's two links), once each."""
    ranges = [default_range(today), school_year_range(today)]
    return list(dict.fromkeys(ranges))


@dataclass(frozen=True)
class DashboardFigures:
    """What the page shows: the stored dashboard and when it was computed, or nothing
    yet (`dashboard` None: being computed); `refreshing` when newer figures are queued
    or being computed."""

    dashboard: Dashboard | None
    computed_at: datetime | None
    refreshing: bool


def _readable(snapshot: DashboardSnapshot | None, district: Organization) -> Dashboard | None:
    """The snapshot's dashboard, unless there is none yet, its payload is of another
    version, or it was computed with another threshold or review target than the
    district's now (a raised threshold withholds at once, not at the next refresh)."""
    if snapshot is None or snapshot.computed_at is None:
        return None
    try:
        dashboard = dashboard_from_payload(snapshot.payload, district=district)
    except PayloadError:
        return None
    now = district_settings_of(district)
    if (dashboard.threshold, dashboard.target_days) != (
        now.small_group_threshold,
        now.review_target_days,
    ):
        return None
    return dashboard


def dashboard_snapshot_serve(*, district: Organization, start: date, end: date) -> DashboardFigures:
    """The figures to show for `district` over `start`–`end` (see the module's rules):
    two queries when a fresh snapshot is stored."""
    snapshot = DashboardSnapshot.objects.filter(district=district, start=start, end=end).first()
    dashboard = _readable(snapshot, district)
    now = timezone.now()
    if dashboard is not None and now - snapshot.computed_at <= max_age():
        # Fresh; "newer figures are being computed" while a refresh (Refresh now, or
        # beat's) is under way.
        queued = snapshot.computing_since is not None
        refreshing = queued and now - snapshot.computing_since < COMPUTING_FOR
        return DashboardFigures(dashboard, snapshot.computed_at, refreshing=refreshing)
    if settings.CELERY_TASK_ALWAYS_EAGER:
        snapshot = dashboard_snapshot_refresh(district=district, start=start, end=end)
        fresh = dashboard_from_payload(snapshot.payload, district=district)
        return DashboardFigures(fresh, snapshot.computed_at, refreshing=False)
    dashboard_snapshot_request_refresh(district=district, start=start, end=end)
    computed_at = snapshot.computed_at if dashboard is not None else None
    return DashboardFigures(dashboard, computed_at, refreshing=True)


def dashboard_snapshot_request_refresh(*, district: Organization, start: date, end: date) -> bool:
    """Queue one refresh of the snapshot (once its transaction commits), unless one was
    queued less than `COMPUTING_FOR` ago; True when this call queued it. A range with
    no snapshot yet gets a row with no figures, which marks the refresh."""
    from .. import tasks

    now = timezone.now()
    with transaction.atomic():
        snapshot, created = DashboardSnapshot.objects.get_or_create(
            district=district, start=start, end=end, defaults={"computing_since": now}
        )
        if not created:
            idle = Q(computing_since__isnull=True) | Q(computing_since__lt=now - COMPUTING_FOR)
            claimed = DashboardSnapshot.objects.filter(idle, pk=snapshot.pk).update(
                computing_since=now
            )
            if not claimed:
                return False
        args = (district.pk, start.isoformat(), end.isoformat())
        transaction.on_commit(lambda: tasks.refresh_dashboard_snapshot.delay(*args))
    return True


def dashboard_snapshot_refresh(
    *, district: Organization, start: date, end: date
) -> DashboardSnapshot:
    """Compute the dashboard of `district` over `start`–`end` now and store it, with
    the time its reads began as `computed_at`. The computation runs outside any
    transaction (seconds statewide; no lock is held meanwhile); the write is atomic,
    under a lock on the row, and never replaces figures computed later than these."""
    started = timezone.now()
    DashboardSnapshot.objects.update_or_create(
        district=district, start=start, end=end, defaults={"computing_since": started}
    )
    try:
        payload = dashboard_to_payload(
            district_dashboard_compute(district=district, start=start, end=end)
        )
    except Exception:
        DashboardSnapshot.objects.filter(
            district=district, start=start, end=end, computing_since=started
        ).update(computing_since=None)
        raise
    with transaction.atomic():
        snapshot = DashboardSnapshot.objects.select_for_update().get(
            district=district, start=start, end=end
        )
        if snapshot.computed_at is None or snapshot.computed_at <= started:
            snapshot.payload = payload
            snapshot.computed_at = started
            fields = ["payload", "computed_at"]
            if snapshot.computing_since is None or snapshot.computing_since <= started:
                snapshot.computing_since = None  # not a refresh asked for since we began
                fields.append("computing_since")
            snapshot.save(update_fields=fields)
    return snapshot


def dashboard_snapshots_prune(*, now: datetime | None = None) -> int:
    """Remove the snapshots of ranges not computed for `KEEP_UNUSED_FOR` (a range
    someone chose once, yesterday's "last 90 days"), except the ranges kept fresh
    and any being computed; they are computed again if asked for. The number removed."""
    now = now or timezone.now()
    kept = Q()
    for start, end in dashboard_ranges(timezone.localdate(now)):
        kept |= Q(start=start, end=end)
    old = DashboardSnapshot.objects.filter(
        Q(computed_at__lt=now - KEEP_UNUSED_FOR) | Q(computed_at__isnull=True),
        computing_since__isnull=True,
    ).exclude(kept)
    removed, _by_model = old.delete()
    return removed


def districts_with_dashboards() -> QuerySet[Organization]:
    """Every district (the dashboard is a district's), in a stable order."""
    return Organization.objects.filter(kind=Organization.Kind.DISTRICT).order_by("pk")
