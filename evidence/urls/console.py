"""The console's evidence pages (under /console/): approval policies and rubrics."""

from django.urls import path

from ..views.console import policies, rubrics

app_name = "evidence_console"

urlpatterns = [
    path("approval-policies/", policies.policy_list, name="approval-policy-list"),
    path("approval-policies/new", policies.policy_create, name="approval-policy-create"),
    path(
        "approval-policies/<slug:badge_slug>/",
        policies.policy_edit,
        name="approval-policy-edit",
    ),
    path("rubrics/", rubrics.rubric_list, name="rubric-list"),
    path("rubrics/new", rubrics.rubric_create, name="rubric-create"),
    path("rubrics/<uuid:public_id>/", rubrics.rubric_edit, name="rubric-edit"),
]
