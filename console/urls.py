"""The district console: an organization's admins run their program here. Each app's
console pages live in that app (badges: issuers, badge classes; pathways: awarding,
revocations; evidence: approval policies, rubrics; competencies: frameworks) under
`console/…` paths; this app holds what spans them: the district dashboard, the
district's settings and each role's home."""

from django.urls import path  # noqa: F401

app_name = "console"

urlpatterns: list = []
