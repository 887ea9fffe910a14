"""Low-level loading for the statewide build: COPY, INSERT … SELECT, and a session tuned
for bulk loading (no foreign-key triggers for rows generated consistent, secondary indexes
built once after the load instead of maintained row by row)."""

from __future__ import annotations

import io
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.db import connection

# Tables the build fills in bulk; their secondary indexes are dropped for the load and
# built again afterwards (a 5M-row insert maintaining a dozen B-trees row by row is what
# made the full-size build take most of an hour).
BULK_TABLES = (
    "accounts_user",
    "accounts_membership",
    "accounts_section_students",
    "badges_assertion",
    "badges_statuslistentry",
    "evidence_submission",
    "evidence_submissionversion",
    "evidence_review",
    "courses_enrollment",
    "coaching_coachingsession",
)


def timed(label: str, report: list[tuple[str, int, float]], fn: Callable[[], int]) -> None:
    start = time.perf_counter()
    rows = fn()
    took = time.perf_counter() - start
    report.append((label, rows, took))
    print(f"  {label:<28} {rows:>10,} rows {took:>8.1f} s", flush=True)


def copy_rows(table: str, columns: list[str], rows: Iterator[str], chunk: int = 1 << 20) -> int:
    """COPY tab-separated lines (already escaped) into `table`; returns the row count."""
    n = 0
    buf = io.StringIO()
    with connection.cursor() as cur:
        pg = cur.cursor if hasattr(cur, "cursor") else cur
        with pg.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for line in rows:
                buf.write(line)
                n += 1
                if buf.tell() > chunk:
                    copy.write(buf.getvalue())
                    buf = io.StringIO()
            copy.write(buf.getvalue())
    return n


def run(statement: str, params: list | tuple | None = None) -> int:
    with connection.cursor() as cur:
        cur.execute(statement, params)
        return max(cur.rowcount, 0)


def scalar(statement: str, params: list | tuple | None = None):
    with connection.cursor() as cur:
        cur.execute(statement, params)
        return cur.fetchone()[0]


@contextmanager
def bulk_session(report: list[tuple[str, int, float]]):
    """Load without per-row foreign-key triggers and with the secondary indexes of
    BULK_TABLES dropped; on the way out the indexes are built again (a failure there, e.g.
    a unique index the generated rows break, fails the build) and the triggers restored.

    Only the indexes that no constraint owns are dropped: primary keys, unique and foreign
    key constraints stay, so a duplicate or dangling key still fails the COPY itself."""
    with connection.cursor() as cur:
        cur.execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i "
            "WHERE i.schemaname = 'public' AND i.tablename = ANY(%s) AND NOT EXISTS ("
            "  SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)",
            [list(BULK_TABLES)],
        )
        indexes = cur.fetchall()
        cur.execute("SET maintenance_work_mem = '1GB'")
        cur.execute("SET work_mem = '256MB'")
        cur.execute("SET synchronous_commit = off")
        cur.execute("SET session_replication_role = replica")
        for name, _ in indexes:
            cur.execute(f'DROP INDEX "{name}"')
    try:
        yield
    finally:
        with connection.cursor() as cur:
            cur.execute("SET session_replication_role = DEFAULT")

        def rebuild() -> int:
            with connection.cursor() as cur:
                for _, definition in indexes:
                    cur.execute(definition)
            return len(indexes)

        timed(f"indexes ({len(indexes)})", report, rebuild)
