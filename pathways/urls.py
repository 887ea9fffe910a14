"""Pathway pages, the builder, credit agreements and endorsements (HTML), and the
revoke action on a hosted assertion (its path sits beside the assertion's)."""

from django.urls import path

from .views import agreements, alerts, assertions, builder, progress
from .views.console import awards as console_awards
from .views.console import bulk as console_bulk
from .views.console import revocations as console_revocations

app_name = "pathways"

urlpatterns = [
    path("pathways/mine/", progress.pathway_mine, name="pathway-mine"),
    path("pathways/manage/", builder.pathway_list, name="pathway-list"),
    path("pathways/manage/new", builder.pathway_create, name="pathway-create"),
    path("pathways/manage/alerts/", alerts.alert_list, name="alert-list"),
    path(
        "pathways/manage/alerts/<uuid:public_id>/resolve",
        alerts.alert_resolve,
        name="alert-resolve",
    ),
    path("pathways/manage/<uuid:public_id>/", builder.pathway_edit, name="pathway-edit"),
    path(
        "pathways/manage/<uuid:public_id>/requirements",
        builder.requirement_add,
        name="requirement-add",
    ),
    path(
        "pathways/manage/<uuid:public_id>/requirements/<uuid:requirement_id>/remove",
        builder.requirement_remove,
        name="requirement-remove",
    ),
    path(
        "pathways/manage/<uuid:public_id>/activate",
        builder.pathway_activate,
        name="pathway-activate",
    ),
    path(
        "pathways/manage/<uuid:public_id>/archive",
        builder.pathway_archive,
        name="pathway-archive",
    ),
    path("pathways/agreements/", agreements.agreement_list, name="agreement-list"),
    path(
        "pathways/agreements/<uuid:public_id>/withdraw",
        agreements.agreement_withdraw,
        name="agreement-withdraw",
    ),
    path("pathways/endorsements/", agreements.endorsement_list, name="endorsement-list"),
    path(
        "pathways/endorsements/<uuid:public_id>/withdraw",
        agreements.endorsement_withdraw,
        name="endorsement-withdraw",
    ),
    # The console: awarding and revoking.
    path("console/awards/", console_awards.award_create, name="console-award-create"),
    path("console/awards/email", console_awards.award_to_email, name="console-award-email"),
    path("console/awards/bulk/", console_bulk.bulk_list, name="console-bulk-list"),
    path("console/awards/bulk/new", console_bulk.bulk_preview, name="console-bulk-preview"),
    path(
        "console/awards/bulk/<uuid:public_id>/",
        console_bulk.bulk_detail,
        name="console-bulk-detail",
    ),
    path(
        "console/awards/bulk/<uuid:public_id>/confirm",
        console_bulk.bulk_confirm,
        name="console-bulk-confirm",
    ),
    path(
        "console/awards/bulk/<uuid:public_id>/progress",
        console_bulk.bulk_progress,
        name="console-bulk-progress",
    ),
    path(
        "console/awards/bulk/<uuid:public_id>/report.csv",
        console_bulk.bulk_report,
        name="console-bulk-report",
    ),
    path(
        "console/revocations/",
        console_revocations.revocation_list,
        name="console-revocation-list",
    ),
    path(
        "console/revocations/<uuid:public_id>/revoke",
        console_revocations.revocation_create,
        name="console-revocation-create",
    ),
    path(
        "ob/v2/assertions/<uuid:public_id>/revoke",
        assertions.assertion_revoke,
        name="assertion-revoke",
    ),
]
