# A credit agreement on a pathway becomes an agreement on the pathway's badge (what its
# completers hold), so that agreements can stay in badges while pathways move to their
# own app above it. The data is copied here; 0005 drops the pathway column.

from django.db import migrations


def pathway_agreements_to_badge(apps, schema_editor):
    CreditAgreement = apps.get_model("badges", "CreditAgreement")
    for agreement in CreditAgreement.objects.filter(pathway__isnull=False).select_related(
        "pathway"
    ):
        agreement.badge_class_id = agreement.pathway.badge_class_id
        agreement.save(update_fields=["badge_class"])


def badge_agreements_back_to_pathway(apps, schema_editor):
    CreditAgreement = apps.get_model("badges", "CreditAgreement")
    Pathway = apps.get_model("badges", "Pathway")
    of_badge = dict(Pathway.objects.values_list("badge_class_id", "pk"))
    for agreement in CreditAgreement.objects.filter(badge_class_id__in=of_badge):
        agreement.pathway_id = of_badge[agreement.badge_class_id]
        agreement.badge_class_id = None
        agreement.save(update_fields=["badge_class", "pathway"])


class Migration(migrations.Migration):

    dependencies = [
        ("badges", "0003_add_ob3_keys_and_status"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="creditagreement", name="creditagreement_badge_xor_pathway"
        ),
        migrations.RunPython(pathway_agreements_to_badge, badge_agreements_back_to_pathway),
    ]
