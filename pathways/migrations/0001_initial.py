# The pathways app takes over Pathway, PathwayRequirement and PathwayAlert from badges
# (their tables were renamed by badges.0006_move_pathways_to_their_app: no row is lost).

import django.db.models.deletion
import django.utils.timezone
import uuid
from django.conf import settings
from django.db import migrations, models


def move_content_types(apps, schema_editor):
    """Keep admin history and permissions: relabel the moved models' content types."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in ("pathway", "pathwayrequirement", "pathwayalert"):
        if ContentType.objects.filter(app_label="pathways", model=model).exists():
            continue
        ContentType.objects.filter(app_label="badges", model=model).update(app_label="pathways")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("badges", "0006_move_pathways_to_their_app"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Pathway',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('public_id', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                        ('slug', models.SlugField(max_length=100, unique=True)),
                        ('name', models.CharField(max_length=200)),
                        ('description', models.TextField(blank=True)),
                        ('status', models.CharField(choices=[('draft', 'Draft'), ('active', 'Active'), ('archived', 'Archived')], default='draft', max_length=10)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('badge_class', models.OneToOneField(help_text='The badge awarded automatically when the pathway is complete.', on_delete=django.db.models.deletion.PROTECT, related_name='pathway', to='badges.badgeclass')),
                        ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='pathways_created', to=settings.AUTH_USER_MODEL)),
                        ('issuer', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='pathways', to='badges.issuer')),
                    ],
                    options={
                        'ordering': ['name'],
                    },
                ),
                migrations.CreateModel(
                    name='PathwayRequirement',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('public_id', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                        ('kind', models.CharField(choices=[('all', 'All of'), ('n_of', 'N of'), ('badge', 'Badge'), ('pathway', 'Pathway')], max_length=10)),
                        ('n', models.PositiveSmallIntegerField(blank=True, help_text='For an “N of” group: how many are needed.', null=True)),
                        ('label', models.CharField(blank=True, help_text="A group's name.", max_length=200)),
                        ('position', models.PositiveIntegerField(default=0)),
                        ('badge_class', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='pathway_requirements', to='badges.badgeclass')),
                        ('nested_pathway', models.ForeignKey(blank=True, help_text="A pathway leaf: holding that pathway's badge meets it.", null=True, on_delete=django.db.models.deletion.PROTECT, related_name='required_by', to='pathways.pathway')),
                        ('parent', models.ForeignKey(blank=True, help_text="The group this belongs to; empty for the pathway's root group.", null=True, on_delete=django.db.models.deletion.CASCADE, related_name='children', to='pathways.pathwayrequirement')),
                        ('pathway', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='requirements', to='pathways.pathway')),
                    ],
                    options={
                        'ordering': ['pathway', 'position', 'pk'],
                        'constraints': [models.UniqueConstraint(condition=models.Q(('parent__isnull', True)), fields=('pathway',), name='pathwayrequirement_one_root'), models.UniqueConstraint(fields=('parent', 'badge_class'), name='pathwayrequirement_badge_once_per_group'), models.UniqueConstraint(fields=('parent', 'nested_pathway'), name='pathwayrequirement_pathway_once_per_group'), models.CheckConstraint(condition=models.Q(models.Q(('badge_class__isnull', True), ('kind', 'all'), ('n__isnull', True), ('nested_pathway__isnull', True)), models.Q(('badge_class__isnull', True), ('kind', 'n_of'), ('n__gte', 1), ('nested_pathway__isnull', True)), models.Q(('badge_class__isnull', False), ('kind', 'badge'), ('n__isnull', True), ('nested_pathway__isnull', True), ('parent__isnull', False)), models.Q(('badge_class__isnull', True), ('kind', 'pathway'), ('n__isnull', True), ('nested_pathway__isnull', False), ('parent__isnull', False)), _connector='OR'), name='pathwayrequirement_kind_fields')],
                    },
                ),
                migrations.CreateModel(
                    name='PathwayAlert',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('public_id', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                        ('still_complete', models.BooleanField(help_text="Whether the earner's other badges still complete the pathway.")),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('resolved_at', models.DateTimeField(blank=True, null=True)),
                        ('resolution', models.CharField(blank=True, choices=[('keep', 'Keep the pathway badge'), ('revoke', 'Revoke the pathway badge')], max_length=10)),
                        ('resolution_note', models.CharField(blank=True, max_length=500)),
                        ('earner', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='pathway_alerts', to=settings.AUTH_USER_MODEL)),
                        ('pathway', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='alerts', to='pathways.pathway')),
                        ('pathway_assertion', models.ForeignKey(help_text='The pathway badge at stake.', on_delete=django.db.models.deletion.PROTECT, related_name='pathway_alerts', to='badges.assertion')),
                        ('resolved_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='pathway_alerts_resolved', to=settings.AUTH_USER_MODEL)),
                        ('revoked_assertion', models.ForeignKey(help_text='The constituent badge that was revoked.', on_delete=django.db.models.deletion.PROTECT, related_name='constituent_alerts', to='badges.assertion')),
                    ],
                    options={
                        'ordering': ['-created_at', '-pk'],
                        'indexes': [models.Index(condition=models.Q(('resolved_at__isnull', True)), fields=['pathway'], name='pathwayalert_open_idx')],
                        'constraints': [models.UniqueConstraint(fields=('pathway', 'revoked_assertion'), name='pathwayalert_once_per_revocation'), models.CheckConstraint(condition=models.Q(models.Q(('resolution', ''), ('resolved_at__isnull', True)), models.Q(('resolved_at__isnull', False), models.Q(('resolution', ''), _negated=True)), _connector='OR'), name='pathwayalert_resolution_consistent')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, migrations.RunPython.noop),
    ]
