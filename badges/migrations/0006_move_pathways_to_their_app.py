# Pathway, PathwayRequirement and PathwayAlert move to the pathways app. Their tables
# are renamed, not copied: no row is lost. pathways.0001_initial takes the models over
# in the state.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("badges", "0005_creditagreement_badge_only_curriculumlink"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable(name="pathway", table="pathways_pathway"),
                migrations.AlterModelTable(
                    name="pathwayrequirement", table="pathways_pathwayrequirement"
                ),
                migrations.AlterModelTable(name="pathwayalert", table="pathways_pathwayalert"),
            ],
            state_operations=[
                migrations.DeleteModel(name="PathwayAlert"),
                migrations.DeleteModel(name="PathwayRequirement"),
                migrations.DeleteModel(name="Pathway"),
            ],
        ),
    ]
