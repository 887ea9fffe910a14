"""`bulk award 10000: X.XX x raw`: `manage.py award --csv` of 10,000 addresses (the
real bulk path: `assertions_award_batch` a chunk at a time) against the raw cost of
the rows that path must write, measured in the same run on the same database: hash
10,000 identities, then one bulk INSERT each of the 10,000 assertions, their status
list entries (the 3.0 revocation status) and their audit rows, in one transaction. The
ratio against the assertions alone is printed too. Badge images are baked when a baked
download is asked for (`badges.views.hosted.assertion_baked`), never at award time, so
no bake is part of either figure. Runs under Django in the bench database."""

from __future__ import annotations

import csv
import io
import os
import tempfile
import time

import django

PEOPLE = int(os.environ.get("BENCH_BULK", "10000"))


def raw_seconds(badge, emails: list[str]) -> tuple[float, float]:  # badge: BadgeClass
    """(seconds for the assertions alone, seconds for all three tables' rows)."""
    from django.db import connection, transaction
    from django.utils import timezone

    from accounts.models import User
    from badges.models import Assertion
    from badges.openbadges.hashing import hash_identity
    from core.audit import AuditAction, audit_record_many

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
        assertions_only = time.perf_counter() - start
        # The other rows as the award path writes them, its fastest ways: the status
        # entries in one INSERT … SELECT numbered by the database, the audit rows by COPY
        # (`audit_record_many` on PostgreSQL).
        with connection.cursor() as cursor:
            cursor.execute(
                'INSERT INTO badges_statuslistentry (assertion_id, issuer_id, "index", created_at) '
                "SELECT id, %s, 100000 + ROW_NUMBER() OVER (ORDER BY id) - 1, %s "
                "FROM badges_assertion WHERE badge_class_id = %s",
                [badge.issuer_id, now, badge.pk],
            )
        audit_record_many(
            actor=None,
            actor_label="bench raw",
            action=AuditAction.ASSERTION_AWARD,
            targets=[(a, {"badge_class": str(badge.public_id)}) for a in rows],
        )
    return assertions_only, time.perf_counter() - start


def real_seconds(badge, emails: list[str]) -> float:
    from django.core.management import call_command
    from django.urls import get_resolver

    with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False, newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["email"])
        writer.writerows([e] for e in emails)
    try:
        out = io.StringIO()
        # `manage.py award` runs Django's system checks before the command's work, and
        # they load the URLconf; call_command skips them, so it is loaded here, before
        # the clock starts, as in a real run (process start-up is in neither figure).
        get_resolver().url_patterns  # noqa: B018
        start = time.perf_counter()
        call_command("award", badge=badge.slug, csv=f.name, verbosity=0, stdout=out, stderr=out)
        return time.perf_counter() - start
    finally:
        os.unlink(f.name)


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    django.setup()
    from django.db import connection

    from badges.models import Assertion

    from .setup_data import seed_badge, seed_people

    real_badge, raw_badge = seed_badge("bench-bulk"), seed_badge("bench-raw")
    real_people = seed_people("bulk", PEOPLE)
    raw_people = seed_people("raw", PEOPLE)
    # 20,000 accounts made a moment ago: the planner's statistics catch up, as autovacuum
    # has long made them on a district's database, so lookups use their indexes.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    assertions_only, raw = raw_seconds(raw_badge, raw_people)
    real = real_seconds(real_badge, real_people)
    made = Assertion.objects.filter(badge_class=real_badge).count()
    if made != PEOPLE:
        raise SystemExit(f"bench: the bulk award made {made} assertions, not {PEOPLE}")
    print(f"bulk award {PEOPLE} (award --csv): {real:6.2f} s")
    print(
        f"raw {PEOPLE} (hash + one bulk INSERT of assertions, status entries, audit rows): "
        f"{raw:6.2f} s (the assertions alone {assertions_only:.2f} s: "
        f"{real / assertions_only:.2f} x)"
    )
    print(f"bulk award {PEOPLE // 1000 * 1000}: {real / raw:.2f} x raw   (aim: <= 2.00)")


if __name__ == "__main__":
    main()
