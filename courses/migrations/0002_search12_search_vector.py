"""The library's stored search vector: a column on every database (always null off
PostgreSQL); on PostgreSQL, filled for the rows there are and GIN-indexed.

The index is made here, not in Module.Meta.indexes: SQLite has no GIN, and a model
index would be re-created (and fail) whenever SQLite rebuilds the table."""

import django.contrib.postgres.search
from django.contrib.postgres.search import SearchVector
from django.db import migrations

INDEX = "module_search_vector_gin"


def fill(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    Module = apps.get_model("courses", "Module")
    Module.objects.using(schema_editor.connection.alias).update(
        search_vector=SearchVector("title", weight="A", config="english")
        + SearchVector("summary", weight="B", config="english")
        + SearchVector("search_text", weight="C", config="english")
    )


def add_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        table = schema_editor.quote_name(apps.get_model("courses", "Module")._meta.db_table)
        # No pending list (fastupdate): modules are written rarely, and a search should
        # not scan unmerged entries (nor the planner cost them).
        schema_editor.execute(
            f"CREATE INDEX {INDEX} ON {table} USING gin (search_vector) WITH (fastupdate = off)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="module",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
        migrations.RunPython(add_index, drop_index),
    ]
