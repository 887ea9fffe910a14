"""The district console: an organization's admins run their program here. Each app's
console pages live in that app (badges: issuers, badge classes; pathways: awarding,
revocations; evidence: approval policies, rubrics; competencies: frameworks) under
`console/…` paths; this app holds what spans them: the district dashboard, the
district's settings and each role's home."""

from django.urls import path

from .views import dashboard, settings

app_name = "console"

urlpatterns: list = [
    path("", dashboard.dashboard_detail, name="dashboard"),
    path("dashboard.csv", dashboard.dashboard_export, name="dashboard-export"),
    path("dashboard/refresh/", dashboard.dashboard_refresh, name="dashboard-refresh"),
    path("settings/", settings.settings_edit, name="settings"),
]
