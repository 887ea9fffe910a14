"""Writes for evidence: the submission workflow, reviews, moderation and notices.

Every move goes through `workflow.SUBMISSION_FLOW` and leaves a StatusChange row.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.scopes import administers
from badges.models import BadgeClass
from badges.openbadges.ob2 import EvidenceItem
from core.audit import AuditAction, audit_record
from core.errors import Forbidden, ServiceError
from pathways.services import assertion_award, assertion_revoke

from . import permissions, tasks
from .models import (
    ApprovalPolicy,
    Artifact,
    ModerationCase,
    Notification,
    Review,
    ReviewerGroup,
    ReviewerKind,
    ReviewerNote,
    StatusChange,
    Submission,
    SubmissionVersion,
)
from .uploads import UploadRejected, check_upload
from .workflow import SUBMISSION_FLOW, InvalidTransition

S = Submission.Status

__all__ = ["EvidenceError", "InvalidTransition", "UploadRejected"]


class EvidenceError(ServiceError):
    code = "evidence_refused"

    """A request that cannot be carried out; the message is fit to show."""


# Helpers --------------------------------------------------------------------------------


def _policy(badge_class: BadgeClass) -> ApprovalPolicy:
    policy = (
        ApprovalPolicy.objects.select_related("rubric", "reviewer_group")
        .filter(badge_class=badge_class)
        .first()
    )
    if policy is None:
        raise EvidenceError(f"“{badge_class.name}” does not take evidence submissions.")
    return policy


def _lock(submission: Submission) -> Submission:
    return (
        Submission.objects.select_for_update()
        .select_related("badge_class__issuer__organization", "earner", "submitted_by")
        .get(pk=submission.pk)
    )


def _move(
    submission: Submission, *, actor: User | None, to: str, reason: str = "", now=None
) -> None:
    """Apply one allowed transition to a locked submission and record it."""
    now = now or timezone.now()
    also = []
    if to == S.SUBMITTED:
        submission.submitted_at = now
        also.append("submitted_at")
    if to in (S.APPROVED, S.DECLINED):
        submission.decided_at = now
        also.append("decided_at")
    SUBMISSION_FLOW.apply(submission, to=to, actor=actor, reason=reason, now=now, also=also)


def _current_version(submission: Submission) -> SubmissionVersion:
    return SubmissionVersion.objects.get(submission=submission, number=submission.version)


def _submission_path(submission: Submission) -> str:
    return reverse("evidence:submission-detail", kwargs={"public_id": submission.public_id})


def _notify(user: User, message: str, link: str) -> None:
    note = Notification.objects.create(user=user, message=message[:300], link=link)
    transaction.on_commit(lambda: tasks.send_notification_email.delay(note.pk))


# Starting and editing -------------------------------------------------------------------


def submission_start(*, actor: User, earner: User, badge_class: BadgeClass) -> Submission:
    """Open a draft toward `badge_class`. One open submission per earner and badge."""
    policy = _policy(badge_class)
    if badge_class.status != BadgeClass.Status.ACTIVE:
        raise EvidenceError(f"“{badge_class.name}” is not taking evidence now.")
    allowed, why = permissions.can_start_for(actor, earner, policy)
    if not allowed:
        raise Forbidden(why)
    existing = Submission.objects.filter(
        earner=earner, badge_class=badge_class, status__in=Submission.OPEN_STATUSES
    ).first()
    if existing is not None:
        raise EvidenceError(
            f"There is already an open submission for “{badge_class.name}”; continue that one."
        )
    now = timezone.now()
    try:
        with transaction.atomic():
            submission = Submission.objects.create(
                earner=earner,
                badge_class=badge_class,
                submitted_by=actor,
                created_at=now,
                updated_at=now,
            )
            SubmissionVersion.objects.create(submission=submission, number=1, created_at=now)
            StatusChange.objects.create(
                submission=submission,
                actor=actor,
                from_status="",
                to_status=S.DRAFT,
                version=1,
                reason="Started on the earner's behalf" if actor.pk != earner.pk else "",
                created_at=now,
            )
            audit_record(
                actor=actor,
                action=AuditAction.SUBMISSION_START,
                target=submission,
                data={"badge_class": str(badge_class.public_id), "earner": str(earner.public_id)},
            )
    except IntegrityError as exc:  # a concurrent start won
        raise EvidenceError(
            f"There is already an open submission for “{badge_class.name}”; continue that one."
        ) from exc
    return submission


def _editable(actor: User, submission: Submission) -> Submission:
    locked = _lock(submission)
    if not permissions.can_act_for_earner(actor, locked):
        raise Forbidden("Only the earner (or the teacher submitting for them) can edit.")
    if locked.status != S.DRAFT:
        raise EvidenceError(
            "Evidence can be changed only while the submission is a draft"
            + (
                " — revise it to start a new version."
                if locked.status == S.CHANGES_REQUESTED
                else "."
            )
        )
    return locked


def artifact_add_file(
    *, actor: User, submission: Submission, upload: File, title: str = ""
) -> Artifact:
    """Check an uploaded file by its content and size, then store it; or change nothing."""
    name = (getattr(upload, "name", "") or "upload").rsplit("/", 1)[-1][:255]
    size = int(getattr(upload, "size", 0) or 0)
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)

    def read_all() -> bytes:
        upload.seek(0)
        data = upload.read()
        upload.seek(0)
        return data

    checked = check_upload(
        name=name,
        head=head,
        size=size,
        max_bytes=settings.EVIDENCE_MAX_BYTES,
        max_video_bytes=settings.EVIDENCE_VIDEO_MAX_BYTES,
        read_all=read_all,
    )
    stored: list[Artifact] = []
    try:
        with transaction.atomic():
            locked = _editable(actor, submission)
            artifact = Artifact(
                version=_current_version(locked),
                kind=Artifact.Kind.FILE,
                title=title.strip()[:200] or name,
                original_name=name,
                content_type=checked.mime,
                size=checked.size,
                added_by=actor,
            )
            content = ContentFile(checked.content) if checked.content is not None else upload
            artifact.file.save(f"upload.{checked.extension}", content, save=False)
            stored.append(artifact)
            artifact.save()
            _touch(locked)
            audit_record(
                actor=actor,
                action=AuditAction.ARTIFACT_ADD,
                target=locked,
                data={"kind": "file", "mime": checked.mime, "size": checked.size},
            )
    except Exception:
        # Nothing half-saved: a file stored for a row that was rolled back is removed.
        for a in stored:
            a.file.delete(save=False)
        raise
    return artifact


def _touch(submission: Submission) -> None:
    submission.updated_at = timezone.now()
    submission.save(update_fields=["updated_at"])


def artifact_add_link(
    *, actor: User, submission: Submission, url: str, title: str = ""
) -> Artifact:
    url = (url or "").strip()
    if not url.startswith(("https://", "http://")):
        raise EvidenceError("A link must be a web address starting with https:// or http://.")
    if len(url) > 1000:
        raise EvidenceError("That link is too long (1000 characters at most).")
    with transaction.atomic():
        locked = _editable(actor, submission)
        artifact = Artifact.objects.create(
            version=_current_version(locked),
            kind=Artifact.Kind.LINK,
            url=url,
            title=title.strip()[:200] or url[:200],
            added_by=actor,
        )
        _touch(locked)
        audit_record(
            actor=actor, action=AuditAction.ARTIFACT_ADD, target=locked, data={"kind": "link"}
        )
    return artifact


def artifact_add_reflection(
    *, actor: User, submission: Submission, text: str, title: str = ""
) -> Artifact:
    text = (text or "").strip()
    if not text:
        raise EvidenceError("A reflection cannot be empty.")
    if len(text) > 20000:
        raise EvidenceError("A reflection may be at most 20,000 characters.")
    with transaction.atomic():
        locked = _editable(actor, submission)
        artifact = Artifact.objects.create(
            version=_current_version(locked),
            kind=Artifact.Kind.REFLECTION,
            text=text,
            title=title.strip()[:200] or "Reflection",
            added_by=actor,
        )
        _touch(locked)
        audit_record(
            actor=actor, action=AuditAction.ARTIFACT_ADD, target=locked, data={"kind": "reflection"}
        )
    return artifact


def artifact_remove(*, actor: User, artifact: Artifact) -> None:
    """Drafts only: a submitted version's evidence is never changed."""
    with transaction.atomic():
        submission = artifact.version.submission
        locked = _editable(actor, submission)
        if artifact.version.number != locked.version:
            raise EvidenceError("Only the current draft's evidence can be removed.")
        audit_record(
            actor=actor,
            action=AuditAction.ARTIFACT_REMOVE,
            target=locked,
            data={"artifact": str(artifact.public_id), "kind": artifact.kind},
        )
        artifact.delete()
        _touch(locked)


def submission_set_evidence_public(
    *, actor: User, submission: Submission, public: bool
) -> Submission:
    if actor.pk != submission.earner_id:
        raise Forbidden("Only the earner decides whether their evidence is public.")
    with transaction.atomic():
        locked = _lock(submission)
        locked.evidence_public = public
        locked.save(update_fields=["evidence_public"])
        audit_record(
            actor=actor,
            action=AuditAction.SUBMISSION_EVIDENCE_PUBLIC,
            target=locked,
            data={"public": public},
        )
    return locked


# Moves by the earner ----------------------------------------------------------------------


def submission_submit(*, actor: User, submission: Submission) -> Submission:
    with transaction.atomic():
        locked = _lock(submission)
        if not permissions.can_act_for_earner(actor, locked):
            raise Forbidden("Only the earner (or the teacher submitting for them) can submit.")
        SUBMISSION_FLOW.check(locked.status, S.SUBMITTED)
        version = _current_version(locked)
        if not version.artifacts.exists():
            raise EvidenceError("Add at least one piece of evidence before submitting.")
        now = timezone.now()
        version.submitted_at = now
        version.save(update_fields=["submitted_at"])
        _move(
            locked,
            actor=actor,
            to=S.SUBMITTED,
            reason="Submitted on the earner's behalf" if actor.pk != locked.earner_id else "",
            now=now,
        )
        audit_record(
            actor=actor,
            action=AuditAction.SUBMISSION_SUBMIT,
            target=locked,
            data={"version": locked.version},
        )
    return locked


def submission_withdraw(*, actor: User, submission: Submission, reason: str = "") -> Submission:
    with transaction.atomic():
        locked = _lock(submission)
        if not permissions.can_act_for_earner(actor, locked):
            raise Forbidden("Only the earner can withdraw.")
        _move(locked, actor=actor, to=S.WITHDRAWN, reason=reason)
        audit_record(actor=actor, action=AuditAction.SUBMISSION_WITHDRAW, target=locked)
    return locked


def submission_revise(*, actor: User, submission: Submission) -> Submission:
    """After changes were requested: a new draft version, starting from the old evidence.

    The old version, its evidence and its reviews are kept untouched.
    """
    with transaction.atomic():
        locked = _lock(submission)
        if not permissions.can_act_for_earner(actor, locked):
            raise Forbidden("Only the earner can revise.")
        SUBMISSION_FLOW.check(locked.status, S.DRAFT)
        old = _current_version(locked)
        now = timezone.now()
        new = SubmissionVersion.objects.create(
            submission=locked, number=old.number + 1, created_at=now
        )
        Artifact.objects.bulk_create(
            [
                Artifact(
                    version=new,
                    kind=a.kind,
                    title=a.title,
                    file=a.file.name,
                    original_name=a.original_name,
                    content_type=a.content_type,
                    size=a.size,
                    url=a.url,
                    text=a.text,
                    added_by=a.added_by,
                    created_at=a.created_at,
                )
                for a in old.artifacts.all()
            ]
        )
        _move(locked, actor=actor, to=S.DRAFT, reason=f"Revising as version {new.number}", now=now)
        locked.version = new.number
        locked.save(update_fields=["version"])
        audit_record(
            actor=actor,
            action=AuditAction.SUBMISSION_REVISE,
            target=locked,
            data={"version": new.number},
        )
    return locked


# Reviews ----------------------------------------------------------------------------------


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
        locked = _lock(submission)
        policy = _policy(locked.badge_class)
        kinds = permissions.reviewer_kinds(actor, locked, policy)
        if not kinds:
            raise Forbidden("You are not a reviewer for this submission.")
        if locked.status not in Submission.REVIEWABLE_STATUSES:
            raise EvidenceError(
                f"This submission is {S(locked.status).label.lower()}; it cannot be reviewed now."
            )
        version = _current_version(locked)
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
        link = _submission_path(locked)
        name = locked.badge_class.name
        if decision == Review.Decision.CHANGES:
            _move(locked, actor=actor, to=S.CHANGES_REQUESTED, reason=feedback, now=now)
            _notify(locked.earner, f"Changes requested on your evidence for “{name}”.", link)
        elif decision == Review.Decision.DECLINE:
            _move(locked, actor=actor, to=S.DECLINED, reason=feedback, now=now)
            _notify(locked.earner, f"Your evidence for “{name}” was declined.", link)
        else:
            state = approval_state(policy, [*approvals, review])
            if state.complete:
                _move(locked, actor=actor, to=S.APPROVED, reason=feedback or "Approved", now=now)
                _award(locked, actor=actor, policy=policy)
                _maybe_sample(locked, policy=policy, sampler=sampler)
                _notify(locked.earner, f"Approved: you earned “{name}”.", link)
            else:
                if locked.status == S.SUBMITTED:
                    _move(
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
                _notify(
                    locked.earner,
                    f"{actor.get_full_name()} approved your evidence for “{name}”; another approval is needed.",
                    link,
                )
    return review


def _award(submission: Submission, *, actor: User, policy: ApprovalPolicy) -> None:
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


def moderation_sampled(submission: Submission, rate: Decimal) -> bool:
    """Deterministic: the same submission and seed always give the same answer."""
    if rate <= 0:
        return False
    if rate >= 1:
        return True
    digest = hashlib.sha256(f"{settings.MODERATION_SEED}:{submission.public_id}".encode()).digest()
    fraction = Decimal(int.from_bytes(digest[:8], "big")) / Decimal(2**64)
    return fraction < rate


def _maybe_sample(
    submission: Submission,
    *,
    policy: ApprovalPolicy,
    sampler: Callable[[Submission, Decimal], bool] | None,
) -> ModerationCase | None:
    sample = sampler or moderation_sampled
    if not sample(submission, policy.moderation_rate):
        return None
    org = submission.badge_class.issuer.organization
    orgs = [org.pk] + ([org.parent_id] if org.parent_id else [])
    committee = (
        ReviewerGroup.objects.filter(is_moderation_committee=True, organization_id__in=orgs)
        .order_by("pk")
        .first()
    )
    if committee is None:
        return None
    return ModerationCase.objects.create(submission=submission, committee=committee)


def moderation_decide(
    *, actor: User, case: ModerationCase, confirm: bool, reason: str = ""
) -> ModerationCase:
    """A committee member who took no part confirms the approval, or flags it with a reason."""
    reason = (reason or "").strip()
    if not confirm and not reason:
        raise EvidenceError("Say why you are flagging this approval.")
    with transaction.atomic():
        locked = (
            ModerationCase.objects.select_for_update().select_related("committee").get(pk=case.pk)
        )
        if not permissions.is_committee_member(actor, locked.committee):
            raise Forbidden("Only the moderation committee decides this.")
        submission = locked.submission
        if (
            actor.pk == submission.earner_id
            or Review.objects.filter(submission=submission, reviewer=actor).exists()
        ):
            raise Forbidden("You took part in this submission; another member must moderate it.")
        if locked.status != ModerationCase.Status.PENDING:
            raise EvidenceError("This moderation case has been decided already.")
        locked.status = (
            ModerationCase.Status.CONFIRMED if confirm else ModerationCase.Status.FLAGGED
        )
        locked.reason = reason
        locked.decided_by = actor
        locked.decided_at = timezone.now()
        locked.save(update_fields=["status", "reason", "decided_by", "decided_at"])
        audit_record(
            actor=actor,
            action=AuditAction.MODERATION_CONFIRM if confirm else AuditAction.MODERATION_FLAG,
            target=submission,
            data={"reason": reason},
        )
    return locked


def moderation_resolve(
    *, actor: User, case: ModerationCase, revoke: bool, reason: str
) -> ModerationCase:
    """An admin acts on a flagged approval: revoke the badge, or keep it. Either way, why."""
    reason = (reason or "").strip()
    if not reason:
        raise EvidenceError("Give a reason for the decision.")
    with transaction.atomic():
        locked = ModerationCase.objects.select_for_update().get(pk=case.pk)
        submission = Submission.objects.select_related(
            "badge_class__issuer__organization", "assertion__badge_class__issuer__organization"
        ).get(pk=locked.submission_id)
        if not (
            actor.is_superuser or administers(actor, submission.badge_class.issuer.organization)
        ):
            raise Forbidden("Only a district admin resolves a flagged approval.")
        if locked.status != ModerationCase.Status.FLAGGED:
            raise EvidenceError("Only a flagged case can be resolved.")
        if revoke and submission.assertion is not None and submission.assertion.revoked_at is None:
            assertion_revoke(actor=actor, assertion=submission.assertion, reason=reason)
        locked.status = ModerationCase.Status.RESOLVED
        locked.reason = f"{locked.reason}\n— {'Revoked' if revoke else 'Kept'}: {reason}".strip()
        locked.save(update_fields=["status", "reason"])
        audit_record(
            actor=actor,
            action=AuditAction.MODERATION_RESOLVE,
            target=submission,
            data={"revoke": revoke, "reason": reason},
        )
    return locked


def reviewer_note_add(
    *, actor: User, submission: Submission, text: str, source: str = ""
) -> ReviewerNote:
    """A reviewer attaches their own evidence (e.g. an observation) for other reviewers."""
    text = (text or "").strip()
    if not text:
        raise EvidenceError("The note is empty.")
    policy = _policy(submission.badge_class)
    if not permissions.reviewer_kinds(actor, submission, policy):
        raise Forbidden("Only a reviewer of this submission can attach notes.")
    with transaction.atomic():
        note = ReviewerNote.objects.create(
            submission=submission, author=actor, text=text, source=source[:100]
        )
        audit_record(actor=actor, action=AuditAction.SUBMISSION_REVIEWER_NOTE, target=submission)
    return note


def notification_mark_read(*, actor: User, notification: Notification) -> Notification:
    if notification.user_id != actor.pk:
        raise Forbidden("Not your notification.")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification
