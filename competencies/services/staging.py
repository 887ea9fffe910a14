"""Console imports: a package uploaded or fetched is staged and previewed; nothing is
imported until its author confirms."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from core.errors import Forbidden, NotFound

from ..case import CaseFormatError, CaseLimitError, CaseLimits, CasePackage, parse_case_package
from ..case.remote import CaseFetchError, fetch_package
from ..models import FrameworkImport
from ..permissions import imports, may_import
from .imports import CaseImportError, framework_import_case
from .reports import ImportReport

if TYPE_CHECKING:
    from accounts.models import User


def max_package_bytes() -> int:
    """The largest package the console takes (settings.CASE_MAX_BYTES)."""
    return CaseLimits.from_settings().max_bytes


def _parse(data: bytes, *, strict: bool) -> CasePackage:
    try:
        return parse_case_package(data, strict=strict)
    except CaseLimitError as exc:
        raise CaseImportError(f"Cairn cannot import this package: {exc}.") from exc
    except CaseFormatError as exc:
        raise CaseImportError(f"This is not a CASE package Cairn can import: {exc}.") from exc


@transaction.atomic
def framework_import_stage(
    *, actor: User, data: bytes, source_name: str, source_url: str = "", strict: bool = False
) -> FrameworkImport:
    """Keep an uploaded package for its preview, if it can be read (nothing is imported)."""
    if not may_import(actor):
        raise Forbidden("Importing a framework is for the admins of a district.")
    _parse(data, strict=strict)
    return FrameworkImport.objects.create(
        created_by=actor,
        source_name=source_name[:500] or "package.json",
        source_url=source_url[:500],
        strict=strict,
        data=data,
        sha256=hashlib.sha256(data).hexdigest(),
    )


def framework_import_fetch(*, actor: User, url: str, strict: bool = False) -> FrameworkImport:
    """Fetch a package from a CASE REST endpoint and stage it (see framework_import_stage)."""
    if not may_import(actor):
        raise Forbidden("Importing a framework is for the admins of a district.")
    allow_private = getattr(settings, "CASE_FETCH_ALLOW_PRIVATE", False)
    try:
        data = fetch_package(url, allow_private=allow_private, max_bytes=max_package_bytes())
    except CaseFetchError as exc:
        raise CaseImportError(str(exc)) from exc
    return framework_import_stage(
        actor=actor, data=data, source_name=url.strip(), source_url=url.strip(), strict=strict
    )


def framework_import_preview(*, actor: User, staged: FrameworkImport) -> ImportReport:
    """What confirming would do now: the import run as a dry run (writes nothing)."""
    if not imports.allows(actor, "run", staged):
        raise NotFound
    package = _parse(bytes(staged.data), strict=staged.strict)
    return framework_import_case(actor=actor, package=package, dry_run=True)


@transaction.atomic
def framework_import_run(*, actor: User, staged: FrameworkImport) -> ImportReport:
    """Import a staged package; keep its report and drop its bytes."""
    staged = FrameworkImport.objects.select_for_update().filter(pk=staged.pk).first()
    if staged is None or not imports.allows(actor, "view", staged):
        raise NotFound
    if staged.imported_at is not None:
        raise CaseImportError("This package has been imported already.")
    if not imports.allows(actor, "run", staged):
        raise NotFound
    package = _parse(bytes(staged.data), strict=staged.strict)
    report = framework_import_case(actor=actor, package=package)
    staged.imported_at = timezone.now()
    staged.framework = report.framework
    staged.report = report.as_dict()
    staged.data = b""
    staged.save(update_fields=["imported_at", "framework", "report", "data"])
    return report
