"""Rebuild every issuer's stored revocation documents from its assertions.

    manage.py rebuild_revocation_documents [--issuer PUBLIC_ID]

The documents (the Open Badges 2.0 RevocationList and the 3.0 status list) are kept up
to date by the revoke service and built on first request when missing; run this after
restoring a database, loading assertions by other means, or changing SITE_URL (which is
in every URL they hold).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from badges.models import Issuer
from badges.services.revocation_documents import revocation_documents_rebuild


class Command(BaseCommand):
    help = "Rebuild the issuers' stored revocation lists and status lists from their assertions."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--issuer", metavar="PUBLIC_ID", help="Only this issuer (its public id)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        issuers = Issuer.objects.order_by("pk")
        if options["issuer"]:
            try:
                public_id = uuid.UUID(options["issuer"].strip())
            except ValueError as exc:
                raise CommandError(f"{options['issuer']!r} is not an issuer's public id.") from exc
            issuers = issuers.filter(public_id=public_id)
            if not issuers.exists():
                raise CommandError(f"No issuer has the public id {public_id}.")
        count = 0
        for issuer in issuers.iterator():
            for doc in revocation_documents_rebuild(issuer=issuer):
                self.stdout.write(
                    f"{issuer.name}: {doc.get_kind_display()}, "
                    f"{doc.revoked_count} revoked (version {doc.version})"
                )
            count += 1
        self.stdout.write(
            self.style.SUCCESS(f"Rebuilt the revocation documents of {count} issuer(s).")
        )
