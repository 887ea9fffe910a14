"""Settings for `make bench`: production-like (DEBUG off) plus one minimal view."""

import os

os.environ.setdefault("DJANGO_ENV", "production")
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-production")
os.environ.setdefault(
    "CREDENTIAL_KEY_SECRET", "bench-only-credential-key-secret-not-for-production"
)

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_PROXY_SSL_HEADER = None
