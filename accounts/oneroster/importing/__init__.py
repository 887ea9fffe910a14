"""`roster_import`: a OneRoster package into a district's organizations, people,
memberships and sections, idempotent by sourcedId.

Files are imported in the order they refer to one another (orgs, academicSessions,
courses, classes, users, roles, demographics, enrollments), each in chunks written in
one transaction each (`base`). The console (preview, then a Celery job), the REST pull
and `manage.py import_oneroster` all call this one function, which asks the one
policy (`accounts.oneroster.permissions.roster_imports`).
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from core.audit import AuditAction, audit_record
from core.errors import Forbidden, ServiceError

from ...models import Organization, RosterImport, RosterImportProblem, User
from ...selectors import district_settings_of
from ..package import RosterPackage
from ..permissions import may_import
from ..report import RosterReport
from .base import FileImporter, Run
from .classes import ClassImporter
from .enrollments import EnrollmentImporter
from .orgs import CourseImporter, OrgImporter, SessionImporter
from .people import DemographicsImporter, UserImporter
from .roles import RoleImporter

IMPORTERS: tuple[type[FileImporter], ...] = (
    OrgImporter,
    SessionImporter,
    CourseImporter,
    ClassImporter,
    UserImporter,
    RoleImporter,
    DemographicsImporter,
    EnrollmentImporter,
)

__all__ = ["roster_import"]


def roster_import(
    *,
    actor: User | None,
    district: Organization,
    package: RosterPackage,
    dry_run: bool = False,
    job: RosterImport | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    actor_label: str = "",
) -> RosterReport:
    """Import `package` into `district` (or, `dry_run`, report what importing would do
    and write nothing). `actor` None is the operator at the shell or a scheduled pull
    (named by `actor_label` in the audit trail). With `job`, its counts, total and
    refused lines are written to it (a preview's too: that is what it shows)."""
    if district.kind != Organization.Kind.DISTRICT:
        raise ServiceError(f"{district.name} is not a school district; rosters go to districts.")
    if actor is not None and not may_import(actor, district):
        raise Forbidden(f"You may not import the roster of {district.name}.")
    report = RosterReport(version=package.version, mode=package.mode, dry_run=dry_run)
    total, done = package.total, 0

    def progress(n: int) -> None:
        nonlocal done
        done += n
        if job is not None:
            RosterImport.objects.filter(pk=job.pk).update(processed=done, total=total)
        if on_progress is not None:
            on_progress(done, total)

    run = Run(
        district=district,
        settings=district_settings_of(district),
        report=report,
        version=package.version,
        dry_run=dry_run,
        package_tables=package.tables,
        progress=progress,
    )
    run.refresh_org_ids()
    for importer in IMPORTERS:
        table = package.tables.get(importer.table)
        if table is None:
            continue
        importer(run).run_table(table)
        if importer is OrgImporter:
            run.refresh_org_ids()

    with transaction.atomic():
        if job is not None:
            _write_job(job, report, package, total)
        if not dry_run:
            audit_record(
                actor=actor,
                action=AuditAction.ROSTER_IMPORTED,
                target=district,
                actor_label=actor_label,
                data={
                    "version": package.version,
                    "mode": package.mode,
                    "job": str(job.public_id) if job is not None else None,
                    **report.as_counts(),
                    "memberships_ended": run.memberships_ended,
                },
            )
    return report


def _write_job(job: RosterImport, report: RosterReport, package: RosterPackage, total: int) -> None:
    job.counts = report.as_counts()
    job.version, job.mode = package.version, package.mode
    job.total, job.processed = total, total
    job.updated_at = timezone.now()
    job.save(update_fields=["counts", "version", "mode", "total", "processed", "updated_at"])
    job.problems.all().delete()
    RosterImportProblem.objects.bulk_create(
        [
            RosterImportProblem(
                job=job,
                file_name=p.file_name[:100],
                line=p.line,
                sourced_id=p.sourced_id[:255],
                reason=p.reason[:500],
            )
            for p in report.problems
        ],
        batch_size=500,
    )
