"""`bulk award 10000: X.XX x raw`: `manage.py award --csv` of 10,000 addresses (the
real bulk path: `assertions_award_batch` a chunk at a time) against the raw cost of
what that path must do, measured in the same run on the same database: hash 10,000
identities and insert 10,000 assertion rows at once. Badge images are baked when a
baked download is asked for (`badges.views.hosted.assertion_baked`), never at award
time, so no bake is part of either figure. Runs under Django in the bench database."""

from __future__ import annotations

import csv
import io
import os
import tempfile
import time

import django

PEOPLE = int(os.environ.get("BENCH_BULK", "10000"))


def raw_seconds(badge, emails: list[str]) -> float:  # badge: BadgeClass
    from django.db import transaction
    from django.utils import timezone

    from accounts.models import User
    from badges.models import Assertion
    from badges.openbadges.hashing import hash_identity

    users = list(User.objects.filter(email__in=emails).only("pk", "email"))
    start = time.perf_counter()
    now = timezone.now()
    rows = []
    for u in users:
        a = Assertion(badge_class=badge, recipient=u, recipient_email=u.email, issued_on=now)
        a.recipient_hash = hash_identity(u.email, a.salt)
        rows.append(a)
    with transaction.atomic():
        Assertion.objects.bulk_create(rows)
    return time.perf_counter() - start


def real_seconds(badge, emails: list[str]) -> float:
    from django.core.management import call_command

    with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False, newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["email"])
        writer.writerows([e] for e in emails)
    try:
        out = io.StringIO()
        start = time.perf_counter()
        call_command("award", badge=badge.slug, csv=f.name, verbosity=0, stdout=out, stderr=out)
        return time.perf_counter() - start
    finally:
        os.unlink(f.name)


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    django.setup()
    from badges.models import Assertion

    from .setup_data import seed_badge, seed_people

    real_badge, raw_badge = seed_badge("bench-bulk"), seed_badge("bench-raw")
    real_people = seed_people("bulk", PEOPLE)
    raw_people = seed_people("raw", PEOPLE)
    raw = raw_seconds(raw_badge, raw_people)
    real = real_seconds(real_badge, real_people)
    made = Assertion.objects.filter(badge_class=real_badge).count()
    if made != PEOPLE:
        raise SystemExit(f"bench: the bulk award made {made} assertions, not {PEOPLE}")
    print(f"bulk award {PEOPLE} (award --csv): {real:6.2f} s")
    print(f"raw {PEOPLE} (hash + one bulk INSERT): {raw:6.2f} s")
    print(f"bulk award {PEOPLE // 1000 * 1000}: {real / raw:.2f} x raw   (aim: <= 2.00)")


if __name__ == "__main__":
    main()
