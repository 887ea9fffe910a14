"""The submission workflow: statuses and the moves allowed between them."""

from __future__ import annotations

from .models import Submission

S = Submission.Status

# (from, to) -> the name of the move. Anything not listed is refused.
TRANSITIONS: dict[tuple[str, str], str] = {
    (S.DRAFT, S.SUBMITTED): "submit",
    (S.DRAFT, S.WITHDRAWN): "withdraw",
    (S.SUBMITTED, S.IN_REVIEW): "review",
    (S.SUBMITTED, S.APPROVED): "approve",
    (S.SUBMITTED, S.CHANGES_REQUESTED): "request_changes",
    (S.SUBMITTED, S.DECLINED): "decline",
    (S.SUBMITTED, S.WITHDRAWN): "withdraw",
    (S.IN_REVIEW, S.APPROVED): "approve",
    (S.IN_REVIEW, S.CHANGES_REQUESTED): "request_changes",
    (S.IN_REVIEW, S.DECLINED): "decline",
    (S.CHANGES_REQUESTED, S.DRAFT): "revise",
    (S.CHANGES_REQUESTED, S.WITHDRAWN): "withdraw",
}


class IllegalTransition(Exception):
    def __init__(self, from_status: str, to_status: str) -> None:
        self.from_status, self.to_status = from_status, to_status
        super().__init__(
            f"A submission that is {S(from_status).label.lower()} cannot become "
            f"{S(to_status).label.lower()}."
        )


def check_transition(from_status: str, to_status: str) -> str:
    try:
        return TRANSITIONS[(from_status, to_status)]
    except KeyError:
        raise IllegalTransition(from_status, to_status) from None
