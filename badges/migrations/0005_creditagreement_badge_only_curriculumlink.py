import django.db.models.deletion
import django.db.models.functions.text
import uuid
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0004_section_course_code_subject"),
        ("badges", "0004_creditagreement_pathway_to_badge"),
    ]

    operations = [
        migrations.RemoveField(model_name="creditagreement", name="pathway"),
        migrations.AlterField(
            model_name="creditagreement",
            name="badge_class",
            field=models.ForeignKey(
                help_text="The badge worth the credit (for a pathway: the pathway's badge).",
                on_delete=django.db.models.deletion.PROTECT,
                related_name="credit_agreements",
                to="badges.badgeclass",
            ),
        ),
        migrations.CreateModel(
            name="CurriculumLink",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("public_id", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ("kind", models.CharField(choices=[("section", "Section"), ("course", "Course"), ("subject", "Subject")], max_length=10)),
                ("value", models.CharField(blank=True, help_text="The course code or the subject.", max_length=100)),
                ("badge_class", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="curriculum_links", to="badges.badgeclass")),
                ("section", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name="badge_links", to="accounts.section")),
            ],
            options={
                "ordering": ["badge_class", "kind", "value", "pk"],
                "constraints": [
                    models.CheckConstraint(condition=models.Q(models.Q(("kind", "section"), ("section__isnull", False), ("value", "")), models.Q(("kind__in", ["course", "subject"]), ("section__isnull", True), models.Q(("value", ""), _negated=True)), _connector="OR"), name="curriculumlink_kind_fields"),
                    models.UniqueConstraint(condition=models.Q(("section__isnull", False)), fields=("badge_class", "section"), name="curriculumlink_section_once"),
                    models.UniqueConstraint(models.F("badge_class"), models.F("kind"), django.db.models.functions.text.Lower("value"), condition=models.Q(("value", ""), _negated=True), name="curriculumlink_value_once"),
                ],
            },
        ),
    ]
