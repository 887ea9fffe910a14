"""`make bench`: requests per second of the hosted assertion JSON vs a minimal Django view.

Both are served by one gunicorn on loopback against PostgreSQL, in the same run,
measured in alternating rounds so that machine noise hits both alike. The figure
that matters is the ratio (aim: at least 0.8), not the absolute numbers.
"""

from __future__ import annotations

import http.client
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
PORT = int(os.environ.get("BENCH_PORT", "8765"))
PG_ADMIN = os.environ.get("BENCH_PG_ADMIN", "postgres://postgres@127.0.0.1:5432/postgres")
DB_NAME = "cairn_bench"
DB_URL = os.environ.get("BENCH_DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/{DB_NAME}")
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "4"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "3"))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "4"))
WORKERS = os.environ.get("BENCH_WORKERS", "2")


def recreate_database() -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DB_NAME}"')


CACHE_URL = os.environ.get("BENCH_CACHE_URL", "rediscache://127.0.0.1:6379/9")


def env(**extra: str) -> dict[str, str]:
    e = dict(os.environ)
    e.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DATABASE_URL=DB_URL,
        CACHE_URL=CACHE_URL,
        SITE_URL=f"http://127.0.0.1:{PORT}",
        PYTHONPATH=str(ROOT),
        LOG_LEVEL="ERROR",
    )
    e.update(extra)
    return e


def hammer(path: str, accept: str, seconds: float, port: int = PORT) -> float:
    """Requests per second from CLIENTS threads, one connection per request."""
    stop = time.perf_counter() + seconds
    counts = [0] * CLIENTS
    failures: list[str] = []

    def worker(i: int) -> None:
        while time.perf_counter() < stop:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            try:
                conn.request("GET", path, headers={"Accept": accept})
                resp = conn.getresponse()
                resp.read()
                if resp.status != 200:
                    failures.append(f"{path}: HTTP {resp.status}")
                    return
                counts[i] += 1
            finally:
                conn.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(CLIENTS)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    if failures:
        raise SystemExit(f"bench: {failures[0]}")
    return sum(counts) / elapsed


def wait_until_up(proc: subprocess.Popen, port: int) -> None:
    deadline = time.time() + 30
    while time.time() < deadline:
        if proc.poll() is not None:
            raise SystemExit("bench: gunicorn exited early")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            conn.request("GET", "/bench/minimal")
            conn.getresponse().read()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("bench: gunicorn did not start")


def main() -> None:
    print("bench: preparing a throwaway PostgreSQL database", DB_NAME)
    recreate_database()
    subprocess.run(
        [PY, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env(), check=True
    )
    assertion_path = subprocess.run(
        [PY, "bench/setup_data.py"], cwd=ROOT, env=env(), check=True, capture_output=True, text=True
    ).stdout.strip()

    def serve(port: int, **extra: str) -> subprocess.Popen:
        cmd = [
            str(Path(PY).parent / "gunicorn"),
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            WORKERS,
            "--log-level",
            "warning",
        ]
        return subprocess.Popen(cmd, cwd=ROOT, env=env(**extra))

    # The same code twice: as deployed (rendered JSON micro-cached per process),
    # and with the cache off, so every request reads PostgreSQL (the cold path).
    cached = serve(PORT)
    cold = serve(PORT + 1, HOSTED_JSON_CACHE_SECONDS="0")
    try:
        wait_until_up(cached, PORT)
        wait_until_up(cold, PORT + 1)
        jsonld = "application/ld+json"
        hammer(assertion_path, jsonld, 1.0)  # warm up
        hammer(assertion_path, jsonld, 1.0, port=PORT + 1)
        hammer("/bench/minimal", jsonld, 1.0)
        hot, miss, minimal = [], [], []
        for r in range(ROUNDS):
            minimal.append(hammer("/bench/minimal", jsonld, SECONDS))
            hot.append(hammer(assertion_path, jsonld, SECONDS))
            miss.append(hammer(assertion_path, jsonld, SECONDS, port=PORT + 1))
            print(
                f"round {r + 1}: minimal view {minimal[-1]:7.1f} req/s   "
                f"hosted assertion {hot[-1]:7.1f} req/s   "
                f"(cache off: {miss[-1]:7.1f} req/s)"
            )
        ratio_hot = [h / m for h, m in zip(hot, minimal, strict=True)]
        ratio_miss = [h / m for h, m in zip(miss, minimal, strict=True)]
        print()
        print(
            f"minimal Django view              : {statistics.median(minimal):8.1f} req/s (median)"
        )
        print(f"hosted assertion JSON-LD         : {statistics.median(hot):8.1f} req/s (median)")
        print(f"hosted assertion, cache off (DB) : {statistics.median(miss):8.1f} req/s (median)")
        print(
            f"ratio hosted / minimal           : {statistics.median(ratio_hot):.2f}  (aim: >= 0.80)"
        )
        print(f"ratio cache off / minimal        : {statistics.median(ratio_miss):.2f}")
    finally:
        for proc in (cached, cold):
            proc.terminate()
            proc.wait(timeout=10)


if __name__ == "__main__":
    main()
