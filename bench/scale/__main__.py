"""`make bench-scale`: build the statewide data set, serve it, time every page.

    SCALE=0.1 .venv/bin/python -m bench.scale       # a tenth of Idaho
    KEEP=1 …   keeps the database and its media (the URL is printed)
    SCALE_DATABASE_URL=… measures a kept one again (with its media)
    LOAD=1 …   runs the load test (bench/scale/load.py) after the table

Prints the build time per table, a table of p50/p95 per page and a last line
`pages over 300 ms: N` (a non-200 answer counts as over).
"""

from __future__ import annotations

import os
import shutil
import signal
import sys
import time

PG = os.environ.get("PG_ADMIN_URL", "postgres://postgres@127.0.0.1:5432/postgres")
PORT = int(os.environ.get("SCALE_PORT", "8770"))


def _admin_sql(statement: str) -> None:
    import psycopg

    with psycopg.connect(PG, autocommit=True) as conn:
        conn.execute(statement)


def _interrupted(signum: int, frame: object) -> None:
    raise KeyboardInterrupt  # so that the database is dropped and gunicorn stopped


def main() -> int:
    signal.signal(signal.SIGTERM, _interrupted)
    scale = float(os.environ.get("SCALE", "1.0"))
    keep = os.environ.get("KEEP") == "1"
    given = os.environ.get("SCALE_DATABASE_URL", "")
    # A kept database is measured again with the media (badge images) built with it.
    name = given.rsplit("/", 1)[-1] if given else f"cairn_scale_{os.getpid()}"
    url = given or PG.rsplit("/", 1)[0] + "/" + name
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("SITE_URL", f"http://127.0.0.1:{PORT}")
    os.environ.setdefault("MEDIA_ROOT", f"/tmp/{name}_media")  # noqa: S108 - throwaway
    os.environ.setdefault("STATIC_ROOT", f"/tmp/{name}_static")  # noqa: S108 - throwaway
    if not given:
        _admin_sql(f"CREATE DATABASE {name}")
    try:
        return _run(scale=scale, url=url, build=not given)
    finally:
        if not keep and not given:  # a kept database keeps its media
            for scratch in ("MEDIA_ROOT", "STATIC_ROOT"):
                if os.environ[scratch].startswith(f"/tmp/{name}_"):  # noqa: S108
                    shutil.rmtree(os.environ[scratch], ignore_errors=True)
        if not given and not keep:
            from django.db import connections

            connections.close_all()
            _admin_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            print(f"dropped {name}")
        elif not given:
            print(f"kept SCALE_DATABASE_URL={url}")


def _run(*, scale: float, url: str, build: bool) -> int:
    import django

    django.setup()
    from django.core.management import call_command

    from . import build as builder
    from . import measure, pages

    if build:
        start = time.perf_counter()
        call_command("migrate", verbosity=0)
        call_command("createcachetable", verbosity=0)
        print(f"  {'migrate':<28} {time.perf_counter() - start:>19.1f} s")
        builder.build(scale)
        print(f"build total: {time.perf_counter() - start:.0f} s")
    if os.environ.get("MEASURE") == "0":  # build only (with KEEP=1: for EXPLAIN ANALYZE)
        return 0
    call_command("collectstatic", interactive=False, verbosity=0)  # DEBUG off: the manifest
    targets, sessions = pages.targets(port=PORT)
    from django.db import connections

    connections.close_all()
    proc = measure.gunicorn_start(port=PORT, env=measure.server_env(url, PORT))
    try:
        base = f"http://127.0.0.1:{PORT}"
        targets = pages.resolve(base, targets, sessions)
        print(f"\n  {'page':<44} {'p50 ms':>8} {'p95 ms':>8} {'bytes':>10}")
        results = measure.measure(base, targets, sessions)
        print()
        print(f"SCALE={scale}, {len(results)} pages, 3 warm-up + 20 timed requests each")
        print(measure.table(results))
        if os.environ.get("LOAD") == "1":
            from . import load

            load.run(base, pages.load_pages(targets), sessions)
    finally:
        measure.gunicorn_stop(proc)
    over = sum(1 for r in results if r.over)
    print(f"pages over 300 ms: {over}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
