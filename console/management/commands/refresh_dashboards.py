"""Compute and store every district's dashboard over the default ranges, now.

    manage.py refresh_dashboards [--district SLUG]

The dashboard pages read these stored figures (`console.services.snapshots`). With a
Celery worker and beat running, beat refreshes them every DASHBOARD_MAX_AGE (15
minutes); without beat, schedule this command that often (cron or a systemd timer).
It also removes snapshots of ranges no one opened for a week.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from console.services.snapshots import (
    dashboard_ranges,
    dashboard_snapshot_refresh,
    dashboard_snapshots_prune,
    districts_with_dashboards,
)


class Command(BaseCommand):
    help = "Compute every district's dashboard (last 90 days, this school year) and store it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--district", metavar="SLUG", help="Only this district (its slug).")

    def handle(self, *args: Any, **options: Any) -> None:
        districts = districts_with_dashboards()
        if options["district"]:
            districts = districts.filter(slug=options["district"])
            if not districts.exists():
                raise CommandError(f"No district has the slug {options['district']!r}.")
        ranges = dashboard_ranges()
        count = 0
        for district in districts.iterator():
            for start, end in ranges:
                began = time.perf_counter()
                dashboard_snapshot_refresh(district=district, start=start, end=end)
                self.stdout.write(
                    f"{district.name}: {start} to {end} ({time.perf_counter() - began:.1f} s)"
                )
                count += 1
        removed = dashboard_snapshots_prune()
        self.stdout.write(
            self.style.SUCCESS(
                f"Refreshed {count} dashboard(s); removed {removed} unused snapshot(s)."
            )
        )
