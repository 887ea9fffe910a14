"""Seed a bench database through the real services: one district, issuer and active
badge, and `BENCH_ASSERTIONS` people awarded it by `assertions_award_batch` (the bulk
award path). Prints the public ids of their assertions, one a line."""

from __future__ import annotations

import os
import sys

import django

ASSERTIONS = int(os.environ.get("BENCH_ASSERTIONS", "2000"))


def seed_badge(slug: str = "bench-badge"):  # -> BadgeClass
    from accounts.models import Organization
    from badges.models import BadgeClass, Issuer
    from badges.services import badge_class_create
    from tests.badges.factories import png_bytes

    district, _ = Organization.objects.get_or_create(
        slug="bench-district", defaults={"name": "Bench District", "kind": "district"}
    )
    issuer, _ = Issuer.objects.get_or_create(
        organization=district,
        defaults={
            "name": "Bench Issuer",
            "url": "https://bench.example",
            "email": "b@bench.example",
        },
    )
    found = BadgeClass.objects.filter(slug=slug).first()
    return found or badge_class_create(
        actor=None,
        issuer=issuer,
        slug=slug,
        name=f"Bench Badge {slug}",
        description="Measured.",
        criteria_narrative="Be fast.",
        audience="educator",
        image=png_bytes(),
        status="active",
    )


def seed_people(prefix: str, count: int) -> list[str]:
    """`count` accounts (inserted at once: accounts are not what is measured)."""
    from django.contrib.auth.hashers import make_password

    from accounts.models import User

    unusable = make_password(None)
    emails = [f"{prefix}{i}@bench.example" for i in range(count)]
    User.objects.bulk_create([User(email=e, password=unusable) for e in emails], batch_size=1000)
    return emails


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    django.setup()
    from badges.bulk import AwardRow
    from pathways.services import assertions_award_batch
    from pathways.services.awards import BATCH_SIZE

    badge = seed_badge()
    emails = seed_people("hosted", ASSERTIONS)
    ids: list[str] = []
    for i in range(0, len(emails), BATCH_SIZE):
        rows = [AwardRow(line=i + k + 2, email=e) for k, e in enumerate(emails[i : i + BATCH_SIZE])]
        for r in assertions_award_batch(actor=None, badge_class=badge, recipients=rows):
            if r.assertion is None:
                raise SystemExit(f"bench: award refused: {r.reason}")
            ids.append(str(r.assertion.public_id))
    sys.stdout.write("\n".join(ids) + "\n")


if __name__ == "__main__":
    main()
