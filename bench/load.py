"""The bench's HTTP client: CLIENTS threads, one connection per request (as verifiers
and wallets fetch hosted badges), each request the next of a list of distinct paths."""

from __future__ import annotations

import http.client
import itertools
import threading
import time
from collections.abc import Sequence

ACCEPT = "application/ld+json"


def fetch(port: int, path: str) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path, headers={"Accept": ACCEPT})
        resp = conn.getresponse()
        return resp.status, resp.read()
    finally:
        conn.close()


class Cycle:
    """The paths in turn, across rounds and threads: no path twice until all were asked."""

    def __init__(self, paths: Sequence[str]) -> None:
        self._paths = paths
        self._next = itertools.count()
        self._lock = threading.Lock()

    def __call__(self) -> str:
        with self._lock:
            n = next(self._next)
        return self._paths[n % len(self._paths)]


def hammer(port: int, paths: Cycle, *, seconds: float, clients: int) -> float:
    """Requests per second over `seconds`, every answer checked to be 200."""
    stop = time.perf_counter() + seconds
    counts = [0] * clients
    failures: list[str] = []

    def worker(i: int) -> None:
        while time.perf_counter() < stop and not failures:
            path = paths()
            status, _ = fetch(port, path)
            if status != 200:
                failures.append(f"{path}: HTTP {status}")
                return
            counts[i] += 1

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    if failures:
        raise SystemExit(f"bench: {failures[0]}")
    return sum(counts) / elapsed


def wait_until_up(port: int, path: str, alive) -> None:  # alive: () -> bool
    deadline = time.time() + 60
    while time.time() < deadline:
        if not alive():
            raise SystemExit("bench: gunicorn exited early")
        try:
            fetch(port, path)
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("bench: gunicorn did not start")
