"""One bench run's own resources: a PostgreSQL database and a Redis db, named from the
process id and a random suffix, so two runs at once never touch each other's data."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
PG_HOST = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
REDIS = os.environ.get("BENCH_REDIS", "127.0.0.1:6379")


@dataclass(frozen=True)
class Run:
    db_name: str
    redis_db: int
    port: int

    @classmethod
    def new(cls, port: int) -> Run:
        pid = os.getpid()
        # Redis db 0 is left alone (the default); 1..14 from the pid, 15 for tests.
        return cls(
            db_name=f"cairn_bench_{pid}_{secrets.token_hex(3)}",
            redis_db=1 + pid % 14,
            port=port,
        )

    @property
    def database_url(self) -> str:
        return f"{PG_HOST}/{self.db_name}"

    @property
    def cache_url(self) -> str:
        return f"rediscache://{REDIS}/{self.redis_db}?key_prefix={self.db_name}"

    def env(self, **extra: str) -> dict[str, str]:
        e = dict(os.environ)
        e.update(
            DJANGO_SETTINGS_MODULE="bench.settings",
            DATABASE_URL=self.database_url,
            CACHE_URL=self.cache_url,
            SITE_URL=f"http://127.0.0.1:{self.port}",
            PYTHONPATH=str(ROOT),
            LOG_LEVEL="ERROR",
        )
        e.update(extra)
        return e

    def create(self) -> None:
        import psycopg

        with psycopg.connect(f"{PG_HOST}/postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{self.db_name}"')
        self.flush_cache()

    def drop(self) -> None:
        import psycopg

        with psycopg.connect(f"{PG_HOST}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{self.db_name}" WITH (FORCE)')
        self.flush_cache()

    def flush_cache(self) -> None:
        """Delete this run's keys (its prefix) from its Redis db; never another run's."""
        import redis

        host, port = REDIS.rsplit(":", 1)
        client = redis.Redis(host=host, port=int(port), db=self.redis_db)
        for key in client.scan_iter(match=f"{self.db_name}:*", count=1000):
            client.delete(key)

    def manage(self, *args: str, capture: bool = False) -> str:
        done = subprocess.run(
            [PY, *args],
            cwd=ROOT,
            env=self.env(),
            check=True,
            capture_output=capture,
            text=True,
        )
        return done.stdout if capture else ""
