"""manage.py import_oneroster PATH [--district SLUG] [--dry-run] [--actor EMAIL]

Import a OneRoster 1.1 or 1.2 CSV package (a .zip, or a folder of CSV files; bulk or
delta) into a district, through the same `roster_import` the console uses, and print
the report: per file created / updated / unchanged / deactivated / refused, then every
refused line (file:line, sourcedId, reason).

Without --district, the package's district is found by the district row of its
orgs.csv (a district an earlier import linked to that sourcedId, or the one district
named so). Without --actor the operator at the shell acts, and the audit trail names
the OS user; with it, the named admin must be allowed to import (the console's policy).

Exit code 0 when the package was read (refused lines are in the report), 1 when it
could not be read or imported at all.
"""

from __future__ import annotations

import getpass
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import F

from accounts.models import Organization, RosterRecord, User
from accounts.oneroster import RosterPackage, read_package, roster_import
from accounts.oneroster.importing.orgs import same_name
from core.errors import ServiceError

DISTRICT = Organization.Kind.DISTRICT


def operator_label() -> str:
    try:
        name = getpass.getuser()
    except (KeyError, OSError, ImportError):
        name = "unknown"
    return f"manage.py import_oneroster (os user {name})"


class Command(BaseCommand):
    help = (
        "Import a OneRoster 1.1 / 1.2 CSV package (a .zip or a folder) into a district: "
        "organizations, people, memberships, sections. Idempotent by sourcedId."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="A .zip of the OneRoster CSV files, or their folder.")
        parser.add_argument(
            "--district",
            metavar="SLUG",
            help="The district to import into (default: the district of the package's orgs.csv).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would be done; change nothing."
        )
        parser.add_argument(
            "--actor",
            metavar="EMAIL",
            help="The district admin on whose authority the roster is imported (default: "
            "the operator running the command).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            package = read_package(options["path"])
        except ServiceError as exc:
            raise CommandError(f"{options['path']}: {exc}") from exc
        district = self._district(options["district"], package)
        actor = self._actor(options["actor"])
        try:
            report = roster_import(
                actor=actor,
                district=district,
                package=package,
                dry_run=options["dry_run"],
                actor_label=(
                    operator_label()
                    if actor is None
                    else f"{actor.email} (manage.py import_oneroster)"
                ),
            )
        except ServiceError as exc:
            raise CommandError(str(exc)) from exc
        heading = f"OneRoster {package.version} {package.mode} package into {district.name}"
        if options["dry_run"]:
            heading = f"Dry run, nothing changed: {heading}"
        self.stdout.write(heading + ":")
        for line in report.lines():
            self.stdout.write(line)

    def _district(self, slug: str | None, package: RosterPackage) -> Organization:
        if slug:
            district = Organization.objects.filter(slug=slug.strip()).first()
            if district is None:
                raise CommandError(f"No organization with the slug {slug!r}.")
            if district.kind != DISTRICT:
                raise CommandError(f"{district.name} ({slug}) is not a school district.")
            return district
        table = package.tables.get("orgs")
        rows = [
            r.fields
            for r in (table.rows if table else [])
            if r.fields.get("type", "").lower() == DISTRICT
        ]
        if not rows:
            raise CommandError(
                "The package's orgs.csv names no district; say which with --district SLUG."
            )
        found: dict[int, Organization] = {}
        for fields in rows:
            linked = RosterRecord.objects.filter(
                kind=RosterRecord.Kind.ORG,
                sourced_id=fields.get("sourcedId", ""),
                organization__kind=DISTRICT,
                organization=F("district"),
            ).select_related("organization")
            for record in linked:
                found[record.organization.pk] = record.organization
            if not linked:
                for org in Organization.objects.filter(kind=DISTRICT):
                    if same_name(org.name, fields.get("name", "")):
                        found[org.pk] = org
        names = ", ".join(f"{f.get('name', '')} ({f.get('sourcedId', '')})" for f in rows)
        if len(found) == 1:
            return next(iter(found.values()))
        if not found:
            raise CommandError(
                f"No district in Cairn matches the package's district ({names}). A first "
                "import finds its district by name: give the district in Cairn the name "
                "the SIS uses for it."
            )
        raise CommandError(
            "The package's orgs.csv matches several districts in Cairn ("
            + ", ".join(f"{d.name} ({d.slug})" for d in found.values())
            + "); say which with --district SLUG."
        )

    def _actor(self, email: str | None) -> User | None:
        if email is None:
            return None
        actor = User.objects.filter(email__iexact=email.strip()).first()
        if actor is None:
            raise CommandError(f"No account for the actor {email.strip()!r}.")
        if not actor.is_active:
            raise CommandError(f"The actor {actor.email}'s account is deactivated.")
        return actor
