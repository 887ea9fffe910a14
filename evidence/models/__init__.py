"""Evidence: rubrics, approval policies, submissions (versioned), artifacts, reviews,
status history and moderation. (In-app notices moved to `core.models.Notification`.)

The workflows' allowed moves live in `evidence/workflow.py`.
"""

from .moderation import ModerationCase
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
