from django.urls import path

from . import views

app_name = "evidence"

urlpatterns = [
    path("", views.submission_list, name="submission-list"),
    path("start/<slug:badge_slug>/", views.submission_start, name="submission-start"),
    path("s/<uuid:public_id>/", views.submission_detail, name="submission-detail"),
    path("s/<uuid:public_id>/artifacts/file", views.artifact_add_file, name="artifact-add-file"),
    path("s/<uuid:public_id>/artifacts/link", views.artifact_add_link, name="artifact-add-link"),
    path(
        "s/<uuid:public_id>/artifacts/reflection",
        views.artifact_add_reflection,
        name="artifact-add-reflection",
    ),
    path(
        "s/<uuid:public_id>/artifacts/<uuid:artifact_id>/remove",
        views.artifact_remove,
        name="artifact-remove",
    ),
    path("s/<uuid:public_id>/submit", views.submission_submit, name="submission-submit"),
    path("s/<uuid:public_id>/revise", views.submission_revise, name="submission-revise"),
    path("s/<uuid:public_id>/withdraw", views.submission_withdraw, name="submission-withdraw"),
    path("s/<uuid:public_id>/public", views.submission_set_public, name="submission-set-public"),
    path("s/<uuid:public_id>/review", views.review_create, name="review-create"),
    path("s/<uuid:public_id>/notes", views.reviewer_note_create, name="reviewer-note-create"),
    path("a/<uuid:artifact_id>", views.artifact_download, name="artifact-download"),
    path("queue/", views.review_queue, name="review-queue"),
    path("moderation/", views.moderation_queue, name="moderation-queue"),
    path("moderation/<uuid:public_id>/decide", views.moderation_decide, name="moderation-decide"),
    path(
        "moderation/<uuid:public_id>/resolve", views.moderation_resolve, name="moderation-resolve"
    ),
    path("e/<uuid:public_id>/", views.evidence_public, name="evidence-public"),
    path("notifications/", views.notification_list, name="notification-list"),
    path("notifications/<uuid:public_id>/read", views.notification_read, name="notification-read"),
]
