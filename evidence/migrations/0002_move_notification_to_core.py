# Notification moves to the core app (pathways, below evidence, tell earners too). The
# table is renamed, not copied: no notice is lost. core.0003_notification_from_evidence
# takes the model over in the state.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("evidence", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable(name="notification", table="core_notification"),
            ],
            state_operations=[
                migrations.DeleteModel(name="Notification"),
            ],
        ),
    ]
