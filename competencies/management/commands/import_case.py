"""manage.py import_case FILE [--slug SLUG]: import or update a CASE 1.0 framework."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from competencies.case import CaseFormatError, parse_case_package
from competencies.services import CaseImportError, framework_import_case


class Command(BaseCommand):
    help = (
        "Import a 1EdTech CASE 1.0 CFPackage (JSON). Importing a newer version of the"
        " same CFDocument updates the framework in place."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="A CFPackage JSON file.")
        parser.add_argument(
            "--slug", help="Slug for the framework (default: from its title, made unique)."
        )

    def handle(self, *args: Any, file: Path, slug: str | None, **options: Any) -> None:
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"{file}: cannot read: {exc.strerror or exc}") from exc
        try:
            package = parse_case_package(data)
        except CaseFormatError as exc:
            raise CommandError(f"{file}: not a valid CASE package: {exc}") from exc
        try:
            result = framework_import_case(
                actor=None, package=package, slug=slug, actor_label="manage.py import_case"
            )
        except CaseImportError as exc:
            raise CommandError(f"{file}: {exc}") from exc

        framework = result.framework
        verb = "Created" if result.framework_created else "Updated"
        version = f" version {framework.version}" if framework.version else ""
        self.stdout.write(
            self.style.SUCCESS(f'{verb} framework "{framework.title}"{version} ({framework.slug}).')
        )
        self.stdout.write(
            f"Competencies: {result.created} created, {result.updated} updated,"
            f" {result.unchanged} unchanged, {result.missing} missing from this version (kept)."
        )
