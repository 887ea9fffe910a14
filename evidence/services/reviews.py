"""Reviews: scores on the rubric, decisions, approval when the policy is met (which
awards the badge through the one award door), and reviewers' notes."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from badges.openbadges.ob2 import EvidenceItem
from core.audit import AuditAction, audit_record
from core.errors import Forbidden
from pathways.services import assertion_award

from .. import permissions
from ..models import ApprovalPolicy, Review, ReviewerKind, ReviewerNote, Submission
from .base import (
    EvidenceError,
    S,
    current_version,
    lock,
    move,
    notify,
    policy_of,
    submission_path,
    tell_reviewers,
)
from .moderation import maybe_sample


@dataclass(frozen=True)
class ApprovalState:
    approvals: int
    needed: int
    missing_kinds: list[str]

    @property
    def complete(self) -> bool:
        return self.approvals >= self.needed and not self.missing_kinds


def approval_state(policy: ApprovalPolicy, approvals: list[Review]) -> ApprovalState:
    kinds_done = {r.acting_as for r in approvals}
    missing = [k for k in policy.required_kinds if k not in kinds_done]
    return ApprovalState(
        approvals=len(approvals),
        needed=max(policy.approvals_needed, len(policy.required_kinds)),
        missing_kinds=missing,
    )


def _check_scores(
    policy: ApprovalPolicy, scores: Mapping[str, int], decision: str
) -> dict[str, int]:
    criteria = list(policy.rubric.criteria.all())
    cleaned: dict[str, int] = {}
    missing = []
    for c in criteria:
        raw = scores.get(str(c.public_id))
        if raw in (None, ""):
            missing.append(c.name)
            continue
        try:
            level = int(raw)
        except (TypeError, ValueError):
            raise EvidenceError(f"“{c.name}”: the score must be a level from 1 to 4.") from None
        if level not in (1, 2, 3, 4):
            raise EvidenceError(f"“{c.name}”: the score must be a level from 1 to 4.")
        cleaned[str(c.public_id)] = level
    if missing:
        raise EvidenceError("Score every criterion: " + ", ".join(missing) + ".")
    unknown = set(map(str, scores)) - set(cleaned)
    if unknown:
        raise EvidenceError("Some scores are for criteria that are not on this rubric.")
    if decision == Review.Decision.APPROVE:
        below = [c.name for c in criteria if cleaned[str(c.public_id)] < policy.threshold]
        if below:
            raise EvidenceError(
                f"An approval needs every criterion at {policy.threshold} or above; below: "
                + ", ".join(below)
                + ". Request changes instead."
            )
    return cleaned


def review_submit(
    *,
    actor: User,
    submission: Submission,
    decision: str,
    scores: Mapping[str, int],
    feedback: str = "",
    sampler: Callable[[Submission, Decimal], bool] | None = None,
) -> Review:
    """Record one reviewer's scores and decision; approve and award when the policy is met.

    Concurrent reviews serialize on the submission's row lock, so the badge is
    awarded exactly once (and the assertion's unique constraint backs that up).
    """
    if decision not in Review.Decision.values:
        raise EvidenceError("Choose approve, request changes or decline.")
    feedback = (feedback or "").strip()
    if decision != Review.Decision.APPROVE and not feedback:
        raise EvidenceError("Write feedback so the earner knows what to change or why.")
    with transaction.atomic():
        locked = lock(submission)
        policy = policy_of(locked.badge_class)
        kinds = permissions.reviewer_kinds(actor, locked)
        if not kinds:
            raise Forbidden("You are not a reviewer for this submission.")
        if locked.status not in Submission.REVIEWABLE_STATUSES:
            raise EvidenceError(
                f"This submission is {S(locked.status).label.lower()}; it cannot be reviewed now."
            )
        version = current_version(locked)
        if Review.objects.filter(version=version, reviewer=actor).exists():
            raise EvidenceError("You have already reviewed this version.")
        cleaned = _check_scores(policy, scores, decision)
        approvals = list(Review.objects.filter(version=version, decision=Review.Decision.APPROVE))
        done = {r.acting_as for r in approvals}
        acting_as = next(
            (k for k in policy.required_kinds if k in kinds and k not in done), kinds[0]
        )
        now = timezone.now()
        review = Review.objects.create(
            submission=locked,
            version=version,
            reviewer=actor,
            acting_as=acting_as,
            decision=decision,
            scores=cleaned,
            feedback=feedback,
            created_at=now,
        )
        audit_record(
            actor=actor,
            action=AuditAction.REVIEW_SUBMIT,
            target=locked,
            data={"decision": decision, "acting_as": acting_as, "version": locked.version},
        )
        link = submission_path(locked)
        name = locked.badge_class.name
        if decision == Review.Decision.CHANGES:
            move(locked, actor=actor, to=S.CHANGES_REQUESTED, reason=feedback, now=now)
            notify(locked.earner, f"Changes requested on your evidence for “{name}”.", link)
        elif decision == Review.Decision.DECLINE:
            move(locked, actor=actor, to=S.DECLINED, reason=feedback, now=now)
            notify(locked.earner, f"Your evidence for “{name}” was declined.", link)
        else:
            state = approval_state(policy, [*approvals, review])
            if state.complete:
                move(locked, actor=actor, to=S.APPROVED, reason=feedback or "Approved", now=now)
                award_for(locked, actor=actor, policy=policy)
                maybe_sample(locked, policy=policy, sampler=sampler)
                notify(locked.earner, f"Approved: you earned “{name}”.", link)
            else:
                if locked.status == S.SUBMITTED:
                    move(
                        locked,
                        actor=actor,
                        to=S.IN_REVIEW,
                        reason=f"Approved by {actor.get_full_name()}; waiting for "
                        + (
                            ", ".join(
                                str(ReviewerKind(k).label).lower() for k in state.missing_kinds
                            )
                            or "more approvals"
                        ),
                        now=now,
                    )
                notify(
                    locked.earner,
                    f"{actor.get_full_name()} approved your evidence for “{name}”; another approval is needed.",
                    link,
                )
                _route_on(locked, version=version, actor=actor, missing=state.missing_kinds)
    return review


def _route_on(submission: Submission, *, version, actor: User, missing: list[str]) -> None:
    """An approval came in and a reviewer of another kind must approve too: tell those
    who may (and have not reviewed this version) that it now waits for them."""
    if not missing:
        return
    reviewed = Review.objects.filter(version=version).values("reviewer_id")
    waiting = permissions.reviewers_of(submission, kinds=missing).exclude(pk__in=reviewed)
    tell_reviewers(
        submission,
        list(waiting.exclude(pk=actor.pk)),
        f"{actor.get_full_name()} approved {submission.earner.get_full_name()}'s evidence for "
        f"“{submission.badge_class.name}”; it now waits for your review.",
    )


def award_for(submission: Submission, *, actor: User, policy: ApprovalPolicy) -> None:
    from badges.hosting import absolute

    evidence_url = absolute(
        reverse("evidence:evidence-public", kwargs={"public_id": submission.public_id})
    )
    approvers = Review.objects.filter(
        submission=submission, version__number=submission.version, decision=Review.Decision.APPROVE
    ).count()
    award = assertion_award(
        actor=actor,
        badge_class=submission.badge_class,
        recipient=submission.earner,
        evidence=[
            EvidenceItem(
                url=evidence_url,
                name=f"Evidence (version {submission.version})",
                narrative=(
                    f"Evidence scored on the rubric “{policy.rubric.name}” and approved by "
                    f"{approvers} reviewer{'s' if approvers != 1 else ''}."
                ),
            )
        ],
        check_permission=False,
        actor_label=f"{actor.email} (evidence approval)",
    )
    submission.assertion = award.assertion
    submission.save(update_fields=["assertion"])


def reviewer_note_add(
    *, actor: User, submission: Submission, text: str, source: str = ""
) -> ReviewerNote:
    """A reviewer attaches their own evidence (e.g. an observation) for other reviewers."""
    text = (text or "").strip()
    if not text:
        raise EvidenceError("The note is empty.")
    policy_of(submission.badge_class)  # refuses a badge that takes no evidence
    if not permissions.reviewer_kinds(actor, submission):
        raise Forbidden("Only a reviewer of this submission can attach notes.")
    with transaction.atomic():
        note = ReviewerNote.objects.create(
            submission=submission, author=actor, text=text, source=source[:100]
        )
        audit_record(actor=actor, action=AuditAction.SUBMISSION_REVIEWER_NOTE, target=submission)
    return note
