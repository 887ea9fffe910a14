"""Serve the built database with gunicorn and time every page, as the role that opens it."""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]
THRESHOLD_MS = 300.0


@dataclass
class Page:
    label: str
    role: str  # a key of the sessions dict, or "anon"
    path: str
    method: str = "GET"
    data: dict | None = None
    files: dict | None = None
    headers: dict = field(default_factory=dict)


@dataclass
class Result:
    page: Page
    p50: float = 0.0
    p95: float = 0.0
    size: int = 0  # bytes on the wire
    encoding: str = ""  # the answer's Content-Encoding, if any
    failures: list[str] = field(default_factory=list)

    @property
    def over(self) -> bool:
        return bool(self.failures) or self.p95 > THRESHOLD_MS


def gunicorn_start(*, port: int, env: dict[str, str], workers: int = 2) -> subprocess.Popen:
    cmd = [
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        "config.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--timeout",
        "120",
        "--log-level",
        "warning",
    ]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env)
    for _ in range(150):
        try:
            requests.get(f"http://127.0.0.1:{port}/ob/v3/did.json", timeout=30)
            return proc
        except requests.RequestException:
            time.sleep(0.2)
    proc.terminate()
    raise RuntimeError("gunicorn did not start")


def gunicorn_stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()


def client(base: str, session_key: str | None) -> requests.Session:
    s = requests.Session()
    if session_key:
        s.cookies.set("sessionid", session_key, domain="127.0.0.1", path="/")
    return s


def _csrf(s: requests.Session, base: str, path: str) -> str:
    r = s.get(base + path, timeout=60)
    token = s.cookies.get("csrftoken")
    if not token:
        m = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', r.text)
        token = m.group(1) if m else ""
    return token


def time_page(s: requests.Session, base: str, page: Page, *, warm: int, timed: int) -> Result:
    res = Result(page)
    data = dict(page.data or {})
    headers = dict(page.headers)
    if page.method == "POST":
        data["csrfmiddlewaretoken"] = _csrf(s, base, page.path)
        headers["Referer"] = base + page.path
    samples: list[float] = []
    for i in range(warm + timed):
        files = (
            {k: (name, body, ctype) for k, (name, body, ctype) in page.files.items()}
            if page.files
            else None
        )
        start = time.perf_counter()
        r = s.request(
            page.method,
            base + page.path,
            data=data or None,
            files=files,
            headers=headers,
            timeout=120,
            allow_redirects=False,
            stream=True,
        )
        # To the last byte on the wire: what the server takes. A gzip-encoded answer (the
        # RevocationList) is read as sent; the client's own unzipping is not the page's time.
        body = r.raw.read(decode_content=False)
        took = (time.perf_counter() - start) * 1000
        r.close()
        if r.status_code != 200:
            res.failures.append(f"{r.status_code} {r.headers.get('Location', '')}".strip())
        if i >= warm:
            samples.append(took)
            res.size = len(body)
            res.encoding = r.headers.get("Content-Encoding", "")
    samples.sort()
    res.p50 = statistics.median(samples)
    res.p95 = samples[max(0, round(0.95 * len(samples)) - 1)]
    return res


def measure(
    base: str, pages: list[Page], sessions: dict[str, str], *, warm: int = 3, timed: int = 20
) -> list[Result]:
    clients = {role: client(base, key) for role, key in sessions.items()}
    clients["anon"] = client(base, None)
    results = []
    for page in pages:
        res = time_page(clients[page.role], base, page, warm=warm, timed=timed)
        flag = " OVER" if res.over else ""
        fails = f"  failures: {sorted(set(res.failures))}" if res.failures else ""
        print(
            f"  {page.label:<44} {res.p50:>8.1f} {res.p95:>8.1f} {res.size:>10,}{flag}{fails}",
            flush=True,
        )
        results.append(res)
    return results


def table(results: list[Result]) -> str:
    lines = [
        "| page | as | p50 ms | p95 ms | bytes sent |",
        "| --- | --- | ---: | ---: | ---: |",
    ]
    for r in results:
        note = f" (failed: {sorted(set(r.failures))})" if r.failures else ""
        size = f"{r.size:,}" + (f" ({r.encoding})" if r.encoding else "")
        lines.append(
            f"| {r.page.label}{note} | {r.page.role} | {r.p50:.1f} | {r.p95:.1f} | {size} |"
        )
    return "\n".join(lines)


def server_env(database_url: str, port: int) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DATABASE_URL=database_url,
        SITE_URL=f"http://127.0.0.1:{port}",
        VERIFY_RATE="100000/minute",
        API_USER_RATE="100000/minute",
        API_ANON_RATE="100000/minute",
        PYTHONPATH=str(ROOT),
    )
    return env


if __name__ == "__main__":  # pragma: no cover
    sys.exit("run: python -m bench.scale")
