# AuditEntry moves to the core app (every app writes it). The table is renamed, not
# copied: no row is lost. core.0001_initial takes the model over in the state.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0002_add_placement"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable(name="auditentry", table="core_auditentry"),
            ],
            state_operations=[
                migrations.DeleteModel(name="AuditEntry"),
            ],
        ),
    ]
