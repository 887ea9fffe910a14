"""The database cache's table (`CACHES["default"]` when CACHE_URL is not set): login,
token and verify limits counted there hold across every process using the database.

Created by name, whatever the settings of the process that migrates, so that `migrate`
on a fresh clone, the test databases and a later switch to the database cache all find it.
"""

from django.core.management import call_command
from django.db import migrations

CACHE_TABLE = "cairn_cache"


def create_cache_table(apps, schema_editor):
    call_command(
        "createcachetable", CACHE_TABLE, database=schema_editor.connection.alias, verbosity=0
    )


def drop_cache_table(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(CACHE_TABLE)}")


class Migration(migrations.Migration):
    dependencies = [("core", "0004_add_notice_email_choice")]

    operations = [migrations.RunPython(create_cache_table, drop_cache_table, elidable=False)]
