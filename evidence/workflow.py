"""The evidence workflows: submissions and moderation cases, with history.

Built with the one workflow helper (`core.workflow`); every move is one service in
`evidence.services`, and the submission page builds its buttons from `available()`.
Submissions keep their own history rows (`StatusChange`, which carry the version).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils.translation import gettext_lazy as _

from core.errors import InvalidTransition
from core.workflow import Move, Workflow

from .models import ModerationCase, StatusChange, Submission

S = Submission.Status

__all__ = ["MODERATION_FLOW", "SUBMISSION_FLOW", "InvalidTransition"]


def _history(
    submission: Submission,
    move: Move,
    from_status: str,
    actor: Any,
    actor_label: str,
    reason: str,
    at: datetime,
) -> StatusChange:
    return StatusChange.objects.create(
        submission=submission,
        actor=actor,
        from_status=from_status,
        to_status=move.to,
        version=submission.version,
        reason=reason,
        created_at=at,
    )


SUBMISSION_FLOW = Workflow(
    "submission",
    Submission.Status,
    [
        Move("submit", S.SUBMITTED, frm=[S.DRAFT], label=_("Submit for review")),
        Move("start_review", S.IN_REVIEW, frm=[S.SUBMITTED], label=_("Approve (more needed)")),
        Move("approve", S.APPROVED, frm=[S.SUBMITTED, S.IN_REVIEW], label=_("Approve")),
        Move(
            "request_changes",
            S.CHANGES_REQUESTED,
            frm=[S.SUBMITTED, S.IN_REVIEW],
            label=_("Request changes"),
        ),
        Move("decline", S.DECLINED, frm=[S.SUBMITTED, S.IN_REVIEW], label=_("Decline")),
        Move("revise", S.DRAFT, frm=[S.CHANGES_REQUESTED], label=_("Start a new version")),
        Move(
            "withdraw",
            S.WITHDRAWN,
            frm=[S.DRAFT, S.SUBMITTED, S.CHANGES_REQUESTED],
            label=_("Withdraw"),
        ),
    ],
    history=_history,
)

M = ModerationCase.Status

MODERATION_FLOW = Workflow(
    "moderation case",
    ModerationCase.Status,
    [
        Move("confirm", M.CONFIRMED, frm=[M.PENDING], label=_("Confirm the approval")),
        Move("flag", M.FLAGGED, frm=[M.PENDING], label=_("Flag it")),
        Move("resolve", M.RESOLVED, frm=[M.FLAGGED], label=_("Resolve")),
    ],
)
