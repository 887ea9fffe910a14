"""`make bench`: what real traffic does to the hosted assertion JSON, and the bulk award.

One run, its own PostgreSQL database and Redis db/key prefix (`bench.runenv`), one
gunicorn (2 workers, as in production) serving Cairn's URLs and
`bench/minimal-db/<uuid>` (one row by an indexed key, JSON of the same size). In
alternating rounds, the same client asks for the hosted JSON-LD of BENCH_ASSERTIONS
distinct assertions in turn (no cache is warm for any of them) and for the minimal
view of the same assertions. Then the bulk award against its raw cost (`bench.bulk`).
The database and this run's Redis keys are dropped at the end, also on failure.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.load import Cycle, fetch, hammer, wait_until_up
from bench.runenv import PY, ROOT, Run

PORT = int(os.environ.get("BENCH_PORT", "8765"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "3"))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "4"))
WORKERS = os.environ.get("BENCH_WORKERS", "2")


def serve(run: Run) -> subprocess.Popen:
    gunicorn = Path(PY).parent / "gunicorn"
    cmd = [str(gunicorn), "config.wsgi", "--bind", f"127.0.0.1:{run.port}"]
    cmd += ["--workers", WORKERS, "--log-level", "warning"]
    return subprocess.Popen(cmd, cwd=ROOT, env=run.env())


def hosted_bench(run: Run, ids: list[str]) -> None:
    proc = serve(run)
    try:
        wait_until_up(run.port, f"/bench/minimal-db/{ids[0]}", lambda: proc.poll() is None)
        status, body = fetch(run.port, f"/ob/v2/assertions/{ids[0]}")
        if status != 200:
            raise SystemExit(f"bench: the hosted assertion answered HTTP {status}")
        size = len(body)
        _, small = fetch(run.port, f"/bench/minimal-db/{ids[0]}?size={size}")
        print(f"bench: hosted document {size} bytes, minimal-db document {len(small)} bytes")
        hosted = Cycle([f"/ob/v2/assertions/{i}" for i in ids])
        minimal = Cycle([f"/bench/minimal-db/{i}?size={size}" for i in ids])
        hammer(run.port, minimal, seconds=1.0, clients=CLIENTS)  # start the workers' up
        h_rates, m_rates, ratios = [], [], []
        for r in range(ROUNDS):
            m = hammer(run.port, minimal, seconds=SECONDS, clients=CLIENTS)
            h = hammer(run.port, hosted, seconds=SECONDS, clients=CLIENTS)
            m_rates.append(m)
            h_rates.append(h)
            ratios.append(h / m)
            print(
                f"round {r + 1}: minimal-db {m:7.1f} req/s   hosted-cold {h:7.1f} req/s   "
                f"ratio {h / m:.2f}"
            )
        print(f"minimal-db   median {statistics.median(m_rates):7.1f} req/s")
        print(f"hosted-cold  median {statistics.median(h_rates):7.1f} req/s")
        print(f"ratio hosted-cold/minimal-db: {statistics.median(ratios):.2f}   (aim: >= 0.80)")
    finally:
        proc.terminate()
        proc.wait(timeout=15)


def main() -> None:
    run = Run.new(PORT)
    print(f"bench: database {run.db_name}, Redis db {run.redis_db} (prefix {run.db_name})")
    run.create()
    try:
        run.manage("manage.py", "migrate", "--noinput", "-v0")
        ids = run.manage("-m", "bench.setup_data", capture=True).split()
        print(f"bench: {len(ids)} distinct assertions, awarded by assertions_award_batch")
        hosted_bench(run, ids)
        run.manage("-m", "bench.bulk")
    finally:
        run.drop()
        print(f"bench: dropped {run.db_name} and its Redis keys")


if __name__ == "__main__":
    main()
