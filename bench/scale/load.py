"""A bounded load test, loopback only: N concurrent signed-in users (threads, one
requests.Session each) cycling over the main pages for LOAD_SECONDS against gunicorn.

    make bench-load                       # builds SCALE=0.1, then 50 users for 60 s
    SCALE_DATABASE_URL=… make bench-load  # against a kept database (KEEP=1 bench-scale)

Reports requests, errors (non-200 or a failed connection), p50/p95/max in ms and the
per-page p95.
"""

from __future__ import annotations

import os
import statistics
import threading
import time
from collections import defaultdict

import requests

from .measure import Page


def _pct(samples: list[float], q: float) -> float:
    if not samples:
        return 0.0
    s = sorted(samples)
    return s[max(0, round(q * len(s)) - 1)]


def run(base: str, pages: list[Page], sessions: dict[str, str]) -> dict:
    users = int(os.environ.get("LOAD_USERS", "50"))
    seconds = float(os.environ.get("LOAD_SECONDS", "60"))
    if not base.startswith(("http://127.0.0.1", "http://localhost")):
        raise ValueError("loopback only")
    lock = threading.Lock()
    times: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    deadline = time.monotonic() + seconds

    def user(n: int) -> None:
        s = requests.Session()
        cycle = pages[n % len(pages) :] + pages[: n % len(pages)]
        i = 0
        while time.monotonic() < deadline:
            page = cycle[i % len(cycle)]
            i += 1
            s.cookies.clear()
            if page.role != "anon":
                s.cookies.set("sessionid", sessions[page.role], domain="127.0.0.1", path="/")
            start = time.perf_counter()
            try:
                r = s.get(base + page.path, headers=page.headers, timeout=60, allow_redirects=False)
                ok = r.status_code == 200
                _ = r.content
            except requests.RequestException:
                ok = False
            took = (time.perf_counter() - start) * 1000
            with lock:
                times[page.label].append(took)
                if not ok:
                    errors[page.label] += 1

    threads = [threading.Thread(target=user, args=(n,), daemon=True) for n in range(users)]
    began = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.monotonic() - began
    every = [x for v in times.values() for x in v]
    total_errors = sum(errors.values())
    print(f"\nload: {users} concurrent signed-in users, {seconds:.0f} s, {len(pages)} pages")
    print("| page | requests | errors | p50 ms | p95 ms |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for page in pages:
        v = times.get(page.label, [])
        print(
            f"| {page.label} | {len(v)} | {errors.get(page.label, 0)} | "
            f"{statistics.median(v) if v else 0:.0f} | {_pct(v, 0.95):.0f} |"
        )
    print(
        f"load total: {len(every)} requests in {wall:.0f} s ({len(every) / wall:.1f}/s), "
        f"errors {total_errors}, p50 {statistics.median(every) if every else 0:.0f} ms, "
        f"p95 {_pct(every, 0.95):.0f} ms, max {max(every) if every else 0:.0f} ms"
    )
    return {"requests": len(every), "errors": total_errors, "p95": _pct(every, 0.95)}
