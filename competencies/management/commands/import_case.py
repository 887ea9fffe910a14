"""manage.py import_case FILE|URL [--slug SLUG] [--strict] [--dry-run]: import or update
a CASE 1.0 / 1.1 framework and print what was done."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from competencies.case import CaseFormatError, CaseLimitError, CaseLimits, parse_case_package
from competencies.case.limits import too_big
from competencies.case.remote import CaseFetchError, fetch_package
from competencies.services import CaseImportError, framework_import_case


class Command(BaseCommand):
    help = (
        "Import a 1EdTech CASE CFPackage (JSON) from a file or a CASE 1.1 REST URL"
        " (…/ims/case/v1p1/CFPackages/{id}). Importing a newer version of the same"
        " CFDocument updates the framework in place; items it no longer lists are retired."
        " Items with a duplicated or missing identifier are imported and reported, unless"
        " --strict."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", help="A CFPackage JSON file, or an http(s) URL.")
        parser.add_argument(
            "--slug", help="Slug for the framework (default: from its title, made unique)."
        )
        parser.add_argument(
            "--strict",
            action="store_true",
            help="Refuse the whole package at the first item or association that is not"
            " as the CASE specification says.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Print what would be done; write nothing."
        )

    def handle(
        self,
        *args: Any,
        source: str,
        slug: str | None,
        strict: bool,
        dry_run: bool,
        **options: Any,
    ) -> None:
        limits = CaseLimits.from_settings()
        data = self._read(source, limits)
        try:
            package = parse_case_package(data, strict=strict, limits=limits)
        except CaseLimitError as exc:
            raise CommandError(f"{source}: cannot import: {exc}") from exc
        except CaseFormatError as exc:
            raise CommandError(f"{source}: not a valid CASE package: {exc}") from exc
        del data  # parsed; the import needs only the package
        try:
            report = framework_import_case(
                actor=None,
                package=package,
                slug=slug,
                actor_label="manage.py import_case",
                dry_run=dry_run,
            )
        except CaseImportError as exc:
            raise CommandError(f"{source}: {exc}") from exc

        verb = "Created" if report.framework_created else "Updated"
        if dry_run:
            verb = "Would create" if report.framework_created else "Would update"
        version = f" version {package.document.version}" if package.document.version else ""
        slug_note = f" ({report.framework.slug})" if report.framework is not None else ""
        self.stdout.write(
            self.style.SUCCESS(f'{verb} framework "{report.framework_title}"{version}{slug_note}.')
        )
        for line in report.lines(names=options.get("verbosity", 1) > 1):
            if line.startswith("Warning:"):
                self.stdout.write(self.style.WARNING(line))
            else:
                self.stdout.write(line)

    def _read(self, source: str, limits: CaseLimits) -> bytes:
        if source.startswith(("http://", "https://")):
            allow_private = getattr(settings, "CASE_FETCH_ALLOW_PRIVATE", False)
            try:
                return fetch_package(
                    source, allow_private=allow_private, max_bytes=limits.max_bytes
                )
            except CaseFetchError as exc:
                raise CommandError(f"{source}: {exc}") from exc
        path = Path(source)
        try:
            if path.stat().st_size > limits.max_bytes:  # refused before it is read
                raise CommandError(f"{path}: cannot import: {too_big(limits.max_bytes)}")
            return path.read_bytes()
        except OSError as exc:
            raise CommandError(f"{path}: cannot read: {exc.strerror or exc}") from exc
