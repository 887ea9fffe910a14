from django.urls import path

from ..views import artifacts, lists, moderation, notifications, public, submission

app_name = "evidence"

urlpatterns = [
    path("", lists.submission_list, name="submission-list"),
    path("start/<slug:badge_slug>/", lists.submission_start, name="submission-start"),
    path("s/<uuid:public_id>/", submission.submission_detail, name="submission-detail"),
    path(
        "s/<uuid:public_id>/artifacts/file", artifacts.artifact_add_file, name="artifact-add-file"
    ),
    path(
        "s/<uuid:public_id>/artifacts/link", artifacts.artifact_add_link, name="artifact-add-link"
    ),
    path(
        "s/<uuid:public_id>/artifacts/reflection",
        artifacts.artifact_add_reflection,
        name="artifact-add-reflection",
    ),
    path(
        "s/<uuid:public_id>/artifacts/<uuid:artifact_id>/remove",
        artifacts.artifact_remove,
        name="artifact-remove",
    ),
    path("s/<uuid:public_id>/submit", submission.submission_submit, name="submission-submit"),
    path("s/<uuid:public_id>/revise", submission.submission_revise, name="submission-revise"),
    path("s/<uuid:public_id>/withdraw", submission.submission_withdraw, name="submission-withdraw"),
    path(
        "s/<uuid:public_id>/public", submission.submission_set_public, name="submission-set-public"
    ),
    path("s/<uuid:public_id>/review", submission.review_create, name="review-create"),
    path("s/<uuid:public_id>/notes", submission.reviewer_note_create, name="reviewer-note-create"),
    path("a/<uuid:artifact_id>", artifacts.artifact_download, name="artifact-download"),
    path("queue/", lists.review_queue, name="review-queue"),
    path("moderation/", moderation.moderation_queue, name="moderation-queue"),
    path(
        "moderation/<uuid:public_id>/decide",
        moderation.moderation_decide,
        name="moderation-decide",
    ),
    path(
        "moderation/<uuid:public_id>/resolve",
        moderation.moderation_resolve,
        name="moderation-resolve",
    ),
    path("e/<uuid:public_id>/", public.evidence_public, name="evidence-public"),
    path("notifications/", notifications.notification_list, name="notification-list"),
    path("notifications/email", notifications.notification_email, name="notification-email"),
    path(
        "notifications/<uuid:public_id>/read",
        notifications.notification_read,
        name="notification-read",
    ),
]
