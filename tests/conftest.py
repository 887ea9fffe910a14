import os

import pytest
from django.db import connection

# Playwright's sync API runs an event loop in the test thread; Django's ORM
# refuses to run inside one unless told that this is deliberate.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "postgres" in item.keywords and connection.vendor != "postgresql":
            item.add_marker(pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL)"))


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "http://testserver"


@pytest.fixture(autouse=True)
def _clear_caches():
    from django.core.cache import caches

    yield
    for alias in ("default", "hosted"):
        caches[alias].clear()


@pytest.fixture(scope="module")
def demo_keys(django_db_setup, django_db_blocker):
    """The demo district (`tests.policies.seed_demo_district`) seeded once for a
    module's tests, rolled back after the last; its people's pks by key. A test reads
    fresh people with `tests.policies.demo_people(demo_keys)`."""
    from tests.policies import demo_seeded_once

    yield from demo_seeded_once(django_db_blocker)
