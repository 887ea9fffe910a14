"""Revoke an awarded badge, named by its public id or its hosted URL.

    manage.py revoke ID_OR_URL --reason TEXT [--actor EMAIL]

The revocation goes through the one revoke door, `pathways.services.assertion_revoke`
(which also alerts the admins of pathways the badge was part of); nothing is
deleted, and the hosted assertion answers 410 Gone with the reason from then on.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser

from badges import hosting, selectors
from badges.verification import public_id_from_url
from core.errors import ServiceError
from pathways import services

from ._actors import actor_from_option, actor_label


class Command(BaseCommand):
    help = "Revoke an awarded badge, named by its public id or hosted URL."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "assertion",
            metavar="ID_OR_URL",
            help="The assertion's public id, or its hosted URL on this site.",
        )
        parser.add_argument(
            "--reason", required=True, help="Why it is revoked; shown to anyone verifying it."
        )
        parser.add_argument(
            "--actor", metavar="EMAIL", help="The admin on whose authority it is revoked."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        given = options["assertion"].strip()
        public_id = public_id_from_url(given)
        if public_id is None:
            raise CommandError(
                f"{given!r} is neither an assertion id nor the address of a badge "
                f"awarded on this site ({settings.SITE_URL})."
            )
        assertion = selectors.assertion_for_hosting(public_id=public_id)
        if assertion is None:
            raise CommandError(f"No badge was awarded with the id {public_id}.")
        actor = actor_from_option(options["actor"])
        try:
            revoked = services.assertion_revoke(
                actor=actor,
                assertion=assertion,
                reason=options["reason"],
                actor_label=actor_label("revoke", actor),
                # Only the operator, who holds the server, acts without a check.
                check_permission=actor is not None,
            )
        except (ServiceError, PermissionDenied) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Revoked “{assertion.badge_class.name}” awarded to {assertion.recipient_email}."
            )
        )
        self.stdout.write(f"Reason: {revoked.revocation_reason}")
        self.stdout.write(hosting.assertion_url(revoked))
