"""The `roster:` console pages: roster uploads and the SIS connection (issue 11)."""

from django.urls import path

from . import views

app_name = "roster"

urlpatterns = [
    path("", views.import_list, name="import-list"),
    path("upload/", views.import_upload, name="import-upload"),
    path("connection/", views.connection_edit, name="connection-edit"),
    path("connection/pull/", views.connection_pull, name="connection-pull"),
    path("<uuid:public_id>/", views.import_detail, name="import-detail"),
    path("<uuid:public_id>/confirm/", views.import_confirm, name="import-confirm"),
    path("<uuid:public_id>/progress/", views.import_progress, name="import-progress"),
]
