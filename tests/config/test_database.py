"""The database connection's settings (config/settings.py)."""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


@pytest.mark.postgres
def test_postgresql_connections_run_without_jit():
    """Compiling a big table's plan took longer than running it (README: PostgreSQL
    without JIT); every connection Cairn opens has it off."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
