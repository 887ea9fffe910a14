"""Writes for competencies: importing CASE frameworks (`imports`), staged and previewed
from the console (`staging`), with their report (`reports`)."""

from .imports import CaseImportError, framework_import_case
from .reports import ImportReport
from .staging import (
    framework_import_fetch,
    framework_import_preview,
    framework_import_run,
    framework_import_stage,
    max_package_bytes,
)

__all__ = [
    "CaseImportError",
    "ImportReport",
    "framework_import_case",
    "framework_import_fetch",
    "framework_import_preview",
    "framework_import_run",
    "framework_import_stage",
    "max_package_bytes",
]
