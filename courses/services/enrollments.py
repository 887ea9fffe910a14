"""Learning: start (or resume) a module, complete steps, answer checks, finish, and
hand off to the module's micro-credential ("apply it, then submit evidence").

Each learner has one enrollment per module, whatever the version: two open tabs never
lose progress, and the learner keeps the version they started.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from badges.models import BadgeClass
from core.audit import AuditAction, audit_record
from core.errors import Forbidden
from evidence import services as evidence_services
from evidence.models import Artifact, Submission
from pathways.services import assertion_award

from .. import permissions
from ..models import CheckAttempt, CheckQuestion, Enrollment, Module, Step, StepProgress
from ..workflow import STARTABLE
from .base import CourseError


def enrollment_start(*, learner: User, module: Module) -> Enrollment:
    """Start a module, or resume it: one enrollment per learner and module (any version)."""
    existing = Enrollment.objects.filter(learner=learner, family=module.family).first()
    if existing is not None:
        return existing
    if module.status not in STARTABLE:
        raise CourseError("This module is not open for learners.")
    try:
        with transaction.atomic():
            enrollment = Enrollment.objects.create(
                learner=learner, module=module, family=module.family
            )
            audit_record(actor=learner, action=AuditAction.ENROLLMENT_START, target=module)
    except IntegrityError:  # another tab started it a moment ago
        return Enrollment.objects.get(learner=learner, family=module.family)
    return enrollment


def _own(learner: User, enrollment: Enrollment) -> None:
    if not permissions.owns_enrollment(learner, enrollment):
        raise Forbidden("Not your enrollment.")


def _own_step(learner: User, enrollment: Enrollment, step: Step) -> None:
    _own(learner, enrollment)
    if step.module_id != enrollment.module_id:
        raise CourseError("That step is not part of the version you are taking.")


def _progress(enrollment: Enrollment, step: Step) -> StepProgress:
    """The learner's progress on `step`, locked (made if it is not there yet)."""
    try:
        with transaction.atomic():
            progress, _ = StepProgress.objects.select_for_update().get_or_create(
                enrollment=enrollment, step=step
            )
    except IntegrityError:  # a second tab created it first
        progress = StepProgress.objects.select_for_update().get(enrollment=enrollment, step=step)
    return progress


def step_complete(
    *, learner: User, enrollment: Enrollment, step: Step, answer: str = ""
) -> StepProgress:
    """Mark a read/watch/try/reflect step done (a reflection keeps its answer). Idempotent."""
    _own_step(learner, enrollment, step)
    if step.kind == Step.Kind.CHECK:
        raise CourseError("A check is completed by passing it.")
    answer = (answer or "").strip()
    if step.kind == Step.Kind.REFLECT and not answer:
        raise CourseError("Write your reflection before marking this step done.")
    now = timezone.now()
    with transaction.atomic():
        progress = _progress(enrollment, step)
        if answer:
            progress.answer = answer[:20000]
        progress.completed_at = progress.completed_at or now
        progress.updated_at = now
        progress.save(update_fields=["answer", "completed_at", "updated_at"])
        Enrollment.objects.filter(pk=enrollment.pk).update(last_step=step, last_active_at=now)
    return progress


@dataclass(frozen=True)
class QuestionResult:
    question: CheckQuestion
    chosen: int | None
    correct: bool
    feedback: str


@dataclass(frozen=True)
class CheckResult:
    attempt: CheckAttempt
    results: list[QuestionResult]

    @property
    def passed(self) -> bool:
        return self.attempt.passed


def _score(question: CheckQuestion, raw: Any) -> QuestionResult:
    try:
        chosen = int(raw) if raw not in (None, "") else None
    except (TypeError, ValueError):
        chosen = None
    valid = chosen is not None and 0 <= chosen < len(question.choices)
    choice = question.choices[chosen] if valid else {}
    return QuestionResult(
        question=question,
        chosen=chosen if valid else None,
        correct=bool(choice.get("correct")),
        feedback=str(choice.get("feedback", "")) if valid else "No answer chosen.",
    )


def check_submit(
    *, learner: User, enrollment: Enrollment, step: Step, answers: Mapping[str, Any]
) -> CheckResult:
    """Score a check (retries allowed); passing completes the step."""
    _own_step(learner, enrollment, step)
    if step.kind != Step.Kind.CHECK:
        raise CourseError("Only a check step is scored.")
    results = [_score(q, answers.get(str(q.public_id))) for q in step.questions.all()]
    if all(r.chosen is None for r in results):
        raise CourseError("Choose an answer for each question.")
    score = round(100 * sum(r.correct for r in results) / len(results)) if results else 0
    passed = score >= step.pass_mark
    now = timezone.now()
    with transaction.atomic():
        attempt = CheckAttempt.objects.create(
            enrollment=enrollment,
            step=step,
            answers={str(r.question.public_id): r.chosen for r in results},
            score=score,
            passed=passed,
            created_at=now,
        )
        progress = _progress(enrollment, step)
        progress.attempts += 1
        progress.best_score = max(progress.best_score or 0, score)
        if passed and progress.completed_at is None:
            progress.completed_at = now
        progress.updated_at = now
        progress.save(update_fields=["attempts", "best_score", "completed_at", "updated_at"])
        Enrollment.objects.filter(pk=enrollment.pk).update(last_step=step, last_active_at=now)
    return CheckResult(attempt=attempt, results=results)


def enrollment_finish(*, learner: User, enrollment: Enrollment) -> Enrollment:
    """Finish when every step is done; award the participation badge if the module has one."""
    _own(learner, enrollment)
    with transaction.atomic():
        locked = (
            Enrollment.objects.select_for_update().select_related("module").get(pk=enrollment.pk)
        )
        if locked.completed_at is not None:
            return locked
        steps = set(locked.module.steps.values_list("pk", flat=True))
        done = set(
            StepProgress.objects.filter(enrollment=locked, completed_at__isnull=False).values_list(
                "step_id", flat=True
            )
        )
        missing = steps - done
        if missing:
            raise CourseError(f"{len(missing)} step(s) still to do before you can finish.")
        locked.completed_at = timezone.now()
        locked.save(update_fields=["completed_at"])
        audit_record(actor=learner, action=AuditAction.ENROLLMENT_FINISH, target=locked.module)
        badge = locked.module.participation_badge
        if badge is not None and badge.status == BadgeClass.Status.ACTIVE:
            assertion_award(
                actor=None,
                badge_class=badge,
                recipient=learner,
                narrative=f"Completed the module “{locked.module.title}”.",
                actor_label=f"module completion ({locked.module.slug} v{locked.module.version})",
            )
    return locked


def enrollment_apply_for_credential(
    *, learner: User, enrollment: Enrollment, attach_reflections: bool
) -> Submission:
    """Finish → "apply it in your classroom": open (or reuse) a draft submission for the
    module's micro-credential, with the module's reflection answers if the learner wishes."""
    enrollment = Enrollment.objects.select_related("module__leads_to").get(pk=enrollment.pk)
    _own(learner, enrollment)
    if enrollment.completed_at is None:
        raise CourseError("Finish the module first.")
    badge = enrollment.module.leads_to
    if badge is None:
        raise CourseError("This module does not lead to a micro-credential.")
    submission = Submission.objects.filter(
        earner=learner, badge_class=badge, status__in=Submission.OPEN_STATUSES
    ).first()
    with transaction.atomic():
        if submission is None:
            submission = evidence_services.submission_start(
                actor=learner, earner=learner, badge_class=badge
            )
        if attach_reflections and submission.status == Submission.Status.DRAFT:
            _attach_reflections(learner, enrollment, submission)
    return submission


def _attach_reflections(learner: User, enrollment: Enrollment, submission: Submission) -> None:
    answers = (
        StepProgress.objects.filter(enrollment=enrollment, step__kind=Step.Kind.REFLECT)
        .exclude(answer="")
        .select_related("step")
        .order_by("step__position")
    )
    already = set(
        Artifact.objects.filter(
            version__submission=submission,
            version__number=submission.version,
            kind=Artifact.Kind.REFLECTION,
        ).values_list("title", flat=True)
    )
    for p in answers:
        title = f"Reflection from “{enrollment.module.title}”: {p.step.title}"
        if title in already:  # applying twice (two tabs) attaches nothing twice
            continue
        evidence_services.artifact_add_reflection(
            actor=learner,
            submission=submission,
            text=f"{p.step.prompt}\n\n{p.answer}",
            title=title,
        )
