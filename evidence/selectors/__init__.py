"""Reads for evidence, already scoped to the person asking (by the access policies)."""

from .moderation import moderation_flagged_for_admin, moderation_queue
from .notices import notifications_for, reviewers_with_queue, unread_count
from .queue import QueueView, filtered_queue, queue_rows, review_queue
from .starts import (
    OnBehalf,
    badge_taking_evidence,
    on_behalf_options,
    open_submission,
    startable_badges,
    student_of,
)
from .submissions import (
    LIST_ROW_RELATED,
    SubmissionPage,
    VersionRow,
    artifact_for_download,
    artifact_of,
    policy_of,
    public_evidence,
    submission_detail,
    submission_list_rows,
    submission_page,
    submissions_of_earner,
    submissions_visible_to,
)

__all__ = [
    "LIST_ROW_RELATED",
    "OnBehalf",
    "QueueView",
    "SubmissionPage",
    "VersionRow",
    "artifact_for_download",
    "artifact_of",
    "badge_taking_evidence",
    "filtered_queue",
    "moderation_flagged_for_admin",
    "moderation_queue",
    "notifications_for",
    "on_behalf_options",
    "open_submission",
    "policy_of",
    "public_evidence",
    "queue_rows",
    "review_queue",
    "reviewers_with_queue",
    "startable_badges",
    "student_of",
    "submission_detail",
    "submission_list_rows",
    "submission_page",
    "submissions_of_earner",
    "submissions_visible_to",
    "unread_count",
]
