"""Evidence: rubrics, approval policies, submissions (versioned), artifacts, reviews,
status history, moderation and in-app notifications.

The workflows' allowed moves live in `evidence/workflow.py`.
"""

from .moderation import ModerationCase, Notification
from .policies import (
    MASTERY_LEVELS,
    ApprovalPolicy,
    ReviewerGroup,
    ReviewerKind,
    Rubric,
    RubricCriterion,
)
from .submissions import (
    Artifact,
    Review,
    ReviewerNote,
    StatusChange,
    Submission,
    SubmissionVersion,
    artifact_path,
)

__all__ = [
    "MASTERY_LEVELS",
    "ApprovalPolicy",
    "Artifact",
    "ModerationCase",
    "Notification",
    "Review",
    "ReviewerGroup",
    "ReviewerKind",
    "ReviewerNote",
    "Rubric",
    "RubricCriterion",
    "StatusChange",
    "Submission",
    "SubmissionVersion",
    "artifact_path",
]
