from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0003_move_auditentry_to_core"),
    ]

    operations = [
        migrations.AddField(
            model_name="section",
            name="course_code",
            field=models.CharField(blank=True, help_text="The course it is a section of, as the SIS names it (e.g. CTE-WELD-1).", max_length=50),
        ),
        migrations.AddField(
            model_name="section",
            name="subject",
            field=models.CharField(blank=True, help_text="e.g. Welding, English Language Arts", max_length=100),
        ),
    ]
