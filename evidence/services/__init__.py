"""Writes for evidence, by entity: submissions and their moves, artifacts, reviews,
moderation, notices. Each service re-checks the access policy, locks what it changes
and writes an audit row."""

from ..uploads import UploadRejected
from ..workflow import InvalidTransition
from .artifacts import (
    artifact_add_file,
    artifact_add_link,
    artifact_add_reflection,
    artifact_remove,
)
from .base import EvidenceError, ReviewersTold
from .moderation import moderation_decide, moderation_resolve, moderation_sampled
from .notices import notification_mark_read
from .policies import (
    CriterionInput,
    PolicySettings,
    approval_policy_create,
    approval_policy_update,
    rubric_create,
    rubric_update,
)
from .reviews import ApprovalState, approval_state, review_submit, reviewer_note_add
from .submissions import (
    submission_revise,
    submission_set_evidence_public,
    submission_start,
    submission_submit,
    submission_withdraw,
)

__all__ = [
    "ApprovalState",
    "CriterionInput",
    "EvidenceError",
    "InvalidTransition",
    "PolicySettings",
    "ReviewersTold",
    "UploadRejected",
    "approval_policy_create",
    "approval_policy_update",
    "approval_state",
    "artifact_add_file",
    "artifact_add_link",
    "artifact_add_reflection",
    "artifact_remove",
    "moderation_decide",
    "moderation_resolve",
    "moderation_sampled",
    "notification_mark_read",
    "review_submit",
    "reviewer_note_add",
    "rubric_create",
    "rubric_update",
    "submission_revise",
    "submission_set_evidence_public",
    "submission_start",
    "submission_submit",
    "submission_withdraw",
]
