"""Writes for courses: authoring and versioning, progress, the credential hand-off,
cohort assignments and exemplars."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import Organization, Section, User
from accounts.scopes import home_id_of
from badges.models import BadgeClass
from competencies.models import Competency
from core.audit import AuditAction, audit_record
from core.errors import Forbidden, ServiceError
from evidence import services as evidence_services
from evidence.models import Artifact, Submission
from pathways.services import assertion_award

from . import permissions
from .models import (
    CheckAttempt,
    CheckQuestion,
    Cohort,
    Enrollment,
    Exemplar,
    ExemplarArtifact,
    GradeBand,
    Module,
    ModuleAssignment,
    Step,
    StepProgress,
    Subject,
)

M = Module.Status


class CourseError(ServiceError):
    code = "course_refused"

    """A request that cannot be carried out; the message is fit to show."""


# Authoring ---------------------------------------------------------------------------------


def _key(values: Iterable[str]) -> str:
    values = sorted(set(values))
    return "," + ",".join(values) + "," if values else ""


def _check_tags(grade_bands: Sequence[str], subjects: Sequence[str]) -> None:
    bad = [g for g in grade_bands if g not in GradeBand.values]
    if bad:
        raise CourseError(f"Unknown grade band: {', '.join(bad)}.")
    bad = [s for s in subjects if s not in Subject.values]
    if bad:
        raise CourseError(f"Unknown subject: {', '.join(bad)}.")


def _refresh_search_text(module: Module) -> None:
    parts = []
    for step in module.steps.all():
        parts += [step.title, step.body, step.transcript, step.prompt]
    module.search_text = re.sub(r"\s+", " ", " ".join(p for p in parts if p))[:100_000]
    module.save(update_fields=["search_text"])


def _check_badges(
    actor: User,
    organization: Organization,
    leads_to: BadgeClass | None,
    participation_badge: BadgeClass | None,
) -> None:
    """A module may lead to a micro-credential that takes evidence, and may award a
    participation badge on completion only if its author may award that badge and
    the badge is not one that must be earned through reviewed evidence."""
    from badges.permissions import can_award
    from evidence.models import ApprovalPolicy

    district = home_id_of(organization)
    for badge in (leads_to, participation_badge):
        if badge is None:
            continue
        org = badge.issuer.organization
        if home_id_of(org) != district:
            raise CourseError(f"“{badge.name}” is issued by another district.")
        if badge.audience != BadgeClass.Audience.EDUCATOR:
            raise CourseError(f"“{badge.name}” is a student badge; modules are for educators.")
    if leads_to is not None and not ApprovalPolicy.objects.filter(badge_class=leads_to).exists():
        raise CourseError(f"“{leads_to.name}” does not take evidence submissions.")
    if participation_badge is not None:
        if ApprovalPolicy.objects.filter(badge_class=participation_badge).exists():
            raise CourseError(
                f"“{participation_badge.name}” is earned with reviewed evidence; it cannot be "
                "awarded for finishing a module."
            )
        if not can_award(actor, participation_badge.issuer):
            raise Forbidden("Only an admin who may award this badge can attach it to a module.")


def module_create(
    *,
    actor: User,
    organization: Organization,
    slug: str,
    title: str,
    summary: str,
    minutes: int,
    format: str = Module.Format.MICRO,  # noqa: A002
    grade_bands: Sequence[str] = (),
    subjects: Sequence[str] = (),
    competencies: Sequence[Competency] = (),
    leads_to: BadgeClass | None = None,
    participation_badge: BadgeClass | None = None,
) -> Module:
    if not permissions.can_author(actor, organization):
        raise Forbidden("Only district admins and coaches author modules.")
    _check_tags(grade_bands, subjects)
    if not title.strip():
        raise CourseError("A module needs a title.")
    if Module.objects.filter(slug=slug).exists():
        raise CourseError(f"A module with the address {slug!r} exists already.")
    if not 1 <= int(minutes) <= 600:
        raise CourseError("Estimated minutes must be between 1 and 600.")
    _check_badges(actor, organization, leads_to, participation_badge)
    with transaction.atomic():
        module = Module.objects.create(
            organization=organization,
            slug=slug,
            title=title.strip(),
            summary=summary.strip(),
            minutes=minutes,
            format=format,
            grade_bands=list(grade_bands),
            subjects=list(subjects),
            grade_bands_key=_key(grade_bands),
            subjects_key=_key(subjects),
            author=actor,
            leads_to=leads_to,
            participation_badge=participation_badge,
        )
        module.competencies.set(competencies)
        audit_record(
            actor=actor, action=AuditAction.MODULE_CREATE, target=module, data={"slug": slug}
        )
    return module


def _editable(actor: User, module: Module) -> Module:
    locked = Module.objects.select_for_update().select_related("organization").get(pk=module.pk)
    if not permissions.can_author(actor, locked.organization):
        raise Forbidden("Only district admins and coaches edit modules.")
    if locked.status != M.DRAFT:
        raise CourseError("Only a draft can be edited; start a new version of a published module.")
    return locked


def module_update(*, actor: User, module: Module, **fields: Any) -> Module:
    """Change a draft's details (title, summary, minutes, format, tags, badges)."""
    allowed = {
        "title", "summary", "minutes", "format", "grade_bands", "subjects", "competencies",
        "leads_to", "participation_badge",
    }  # fmt: skip
    unknown = set(fields) - allowed
    if unknown:
        raise CourseError(f"Cannot change {', '.join(sorted(unknown))}.")
    with transaction.atomic():
        locked = _editable(actor, module)
        competencies = fields.pop("competencies", None)
        _check_tags(fields.get("grade_bands", ()), fields.get("subjects", ()))
        if "leads_to" in fields or "participation_badge" in fields:
            _check_badges(
                actor,
                locked.organization,
                fields.get("leads_to", locked.leads_to),
                fields.get("participation_badge", locked.participation_badge),
            )
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.grade_bands_key = _key(locked.grade_bands)
        locked.subjects_key = _key(locked.subjects)
        locked.full_clean(exclude=["family", "slug"])
        locked.save()
        if competencies is not None:
            locked.competencies.set(competencies)
        audit_record(
            actor=actor,
            action=AuditAction.MODULE_UPDATE,
            target=locked,
            data={"fields": sorted(fields)},
        )
    return locked


def step_add(
    *,
    actor: User,
    module: Module,
    kind: str,
    title: str,
    body: str = "",
    video_url: str = "",
    transcript: str = "",
    prompt: str = "",
    pass_mark: int = 80,
    questions: Sequence[Mapping[str, Any]] = (),
) -> Step:
    """Append a step to a draft. `questions` for a check: [{prompt, choices:[{text, correct, feedback}]}]."""
    if kind not in Step.Kind.values:
        raise CourseError(f"Unknown step kind {kind!r}.")
    if kind == Step.Kind.WATCH and not video_url.startswith(("https://", "http://")):
        raise CourseError("A watch step needs a video link.")
    if kind == Step.Kind.REFLECT and not prompt.strip():
        raise CourseError("A reflect step needs a prompt.")
    if kind == Step.Kind.CHECK:
        _check_questions(questions)
    with transaction.atomic():
        locked = _editable(actor, module)
        position = locked.steps.count()
        step = Step.objects.create(
            module=locked,
            position=position,
            kind=kind,
            title=title.strip() or Step.Kind(kind).label,
            body=body,
            video_url=video_url,
            transcript=transcript,
            prompt=prompt,
            pass_mark=pass_mark,
        )
        CheckQuestion.objects.bulk_create(
            [
                CheckQuestion(step=step, position=i, prompt=q["prompt"], choices=list(q["choices"]))
                for i, q in enumerate(questions)
            ]
        )
        _refresh_search_text(locked)
        audit_record(
            actor=actor, action=AuditAction.MODULE_STEP_ADD, target=locked, data={"kind": kind}
        )
    return step


def _check_questions(questions: Sequence[Mapping[str, Any]]) -> None:
    if not questions:
        raise CourseError("A check needs at least one question.")
    for i, q in enumerate(questions, 1):
        choices = q.get("choices") or []
        if not str(q.get("prompt", "")).strip():
            raise CourseError(f"Question {i} has no prompt.")
        if len(choices) < 2:
            raise CourseError(f"Question {i} needs at least two choices.")
        if not any(c.get("correct") for c in choices):
            raise CourseError(f"Question {i} has no correct choice.")


def step_remove(*, actor: User, step: Step) -> None:
    with transaction.atomic():
        locked = _editable(actor, step.module)
        step.delete()
        for i, s in enumerate(locked.steps.order_by("position", "pk")):
            if s.position != i:
                s.position = i
                s.save(update_fields=["position"])
        _refresh_search_text(locked)
        audit_record(actor=actor, action=AuditAction.MODULE_STEP_REMOVE, target=locked)


def step_move(*, actor: User, step: Step, up: bool) -> None:
    with transaction.atomic():
        locked = _editable(actor, step.module)
        steps = list(locked.steps.order_by("position", "pk"))
        i = next(n for n, s in enumerate(steps) if s.pk == step.pk)
        j = i - 1 if up else i + 1
        if 0 <= j < len(steps):
            steps[i], steps[j] = steps[j], steps[i]
            for n, s in enumerate(steps):
                if s.position != n:
                    s.position = n
                    s.save(update_fields=["position"])
        audit_record(actor=actor, action=AuditAction.MODULE_STEP_MOVE, target=locked)


def module_publish(*, actor: User, module: Module) -> Module:
    """Publish a draft; the version published before it retires (its learners keep it)."""
    with transaction.atomic():
        locked = _editable(actor, module)
        if not locked.steps.exists():
            raise CourseError("Add at least one step before publishing.")
        previous = list(
            Module.objects.select_for_update().filter(family=locked.family, status=M.PUBLISHED)
        )
        now = timezone.now()
        for old in previous:
            old.status = M.RETIRED
            old.save(update_fields=["status"])
        locked.status = M.PUBLISHED
        locked.published_at = now
        locked.save(update_fields=["status", "published_at"])
        audit_record(
            actor=actor,
            action=AuditAction.MODULE_PUBLISH,
            target=locked,
            data={"version": locked.version},
        )
    return locked


def module_new_version(*, actor: User, module: Module) -> Module:
    """Start editing a published module: a draft copy as the next version."""
    if not permissions.can_author(actor, module.organization):
        raise Forbidden("Only district admins and coaches edit modules.")
    with transaction.atomic():
        source = Module.objects.select_for_update().get(pk=module.pk)
        if source.status != M.PUBLISHED:
            raise CourseError("Only a published module gets a new version.")
        existing = Module.objects.filter(family=source.family, status=M.DRAFT).first()
        if existing is not None:
            return existing
        latest = Module.objects.filter(family=source.family).order_by("-version").first()
        draft = Module.objects.create(
            family=source.family,
            version=latest.version + 1,
            slug=source.slug,
            organization=source.organization,
            title=source.title,
            summary=source.summary,
            minutes=source.minutes,
            format=source.format,
            grade_bands=source.grade_bands,
            subjects=source.subjects,
            grade_bands_key=source.grade_bands_key,
            subjects_key=source.subjects_key,
            search_text=source.search_text,
            author=actor,
            leads_to=source.leads_to,
            participation_badge=source.participation_badge,
        )
        draft.competencies.set(source.competencies.all())
        for step in source.steps.prefetch_related("questions"):
            questions = list(step.questions.all())
            step.pk, step.public_id, step.module = None, uuid.uuid4(), draft
            step.save()
            CheckQuestion.objects.bulk_create(
                [
                    CheckQuestion(
                        step=step, position=q.position, prompt=q.prompt, choices=q.choices
                    )
                    for q in questions
                ]
            )
        audit_record(
            actor=actor,
            action=AuditAction.MODULE_NEW_VERSION,
            target=draft,
            data={"version": draft.version},
        )
    return draft


def module_retire(*, actor: User, module: Module) -> Module:
    if not permissions.can_author(actor, module.organization):
        raise Forbidden("Only district admins and coaches retire modules.")
    with transaction.atomic():
        locked = Module.objects.select_for_update().get(pk=module.pk)
        if locked.status != M.PUBLISHED:
            raise CourseError("Only a published module can be retired.")
        locked.status = M.RETIRED
        locked.save(update_fields=["status"])
        audit_record(actor=actor, action=AuditAction.MODULE_RETIRE, target=locked)
    return locked


# Learning ------------------------------------------------------------------------------------


def enrollment_start(*, learner: User, module: Module) -> Enrollment:
    """Start a module, or resume it: one enrollment per learner and module (any version)."""
    existing = Enrollment.objects.filter(learner=learner, family=module.family).first()
    if existing is not None:
        return existing
    if module.status != M.PUBLISHED:
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


def _own(learner: User, enrollment: Enrollment, step: Step) -> None:
    if enrollment.learner_id != learner.pk:
        raise Forbidden("Not your enrollment.")
    if step.module_id != enrollment.module_id:
        raise CourseError("That step is not part of the version you are taking.")


def _progress(enrollment: Enrollment, step: Step) -> StepProgress:
    progress, _ = StepProgress.objects.select_for_update().get_or_create(
        enrollment=enrollment, step=step
    )
    return progress


def step_complete(
    *, learner: User, enrollment: Enrollment, step: Step, answer: str = ""
) -> StepProgress:
    """Mark a read/watch/try/reflect step done (a reflection keeps its answer). Idempotent."""
    _own(learner, enrollment, step)
    if step.kind == Step.Kind.CHECK:
        raise CourseError("A check is completed by passing it.")
    answer = (answer or "").strip()
    if step.kind == Step.Kind.REFLECT and not answer:
        raise CourseError("Write your reflection before marking this step done.")
    now = timezone.now()
    with transaction.atomic():
        try:
            with transaction.atomic():
                progress = _progress(enrollment, step)
        except IntegrityError:  # a second tab created it first
            progress = StepProgress.objects.select_for_update().get(
                enrollment=enrollment, step=step
            )
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


def check_submit(
    *, learner: User, enrollment: Enrollment, step: Step, answers: Mapping[str, Any]
) -> CheckResult:
    """Score a check (retries allowed); passing completes the step."""
    _own(learner, enrollment, step)
    if step.kind != Step.Kind.CHECK:
        raise CourseError("Only a check step is scored.")
    questions = list(step.questions.all())
    results = []
    for q in questions:
        raw = answers.get(str(q.public_id))
        try:
            chosen = int(raw) if raw not in (None, "") else None
        except (TypeError, ValueError):
            chosen = None
        valid = chosen is not None and 0 <= chosen < len(q.choices)
        choice = q.choices[chosen] if valid else {}
        results.append(
            QuestionResult(
                question=q,
                chosen=chosen if valid else None,
                correct=bool(choice.get("correct")),
                feedback=str(choice.get("feedback", "")) if valid else "No answer chosen.",
            )
        )
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
        try:
            with transaction.atomic():
                progress = _progress(enrollment, step)
        except IntegrityError:
            progress = StepProgress.objects.select_for_update().get(
                enrollment=enrollment, step=step
            )
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
    if enrollment.learner_id != learner.pk:
        raise Forbidden("Not your enrollment.")
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
    if enrollment.learner_id != learner.pk:
        raise Forbidden("Not your enrollment.")
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
    return submission


# Cohorts and assignments ----------------------------------------------------------------------


def cohort_create(
    *, actor: User, organization: Organization, name: str, members: Sequence[User]
) -> Cohort:
    if not permissions.can_assign(actor, organization):
        raise Forbidden("Only district admins make cohorts.")
    if not name.strip():
        raise CourseError("A cohort needs a name.")
    with transaction.atomic():
        cohort = Cohort.objects.create(organization=organization, name=name.strip())
        cohort.members.set(members)
        audit_record(
            actor=actor,
            action=AuditAction.COHORT_CREATE,
            target=cohort,
            data={"members": len(members)},
        )
    return cohort


def assignment_create(
    *,
    actor: User,
    module: Module,
    school: Organization | None = None,
    section: Section | None = None,
    cohort: Cohort | None = None,
    due_on: date | None = None,
) -> ModuleAssignment:
    targets = [t for t in (school, section, cohort) if t is not None]
    if len(targets) != 1:
        raise CourseError("Assign to exactly one school, section or cohort.")
    if module.status != M.PUBLISHED:
        raise CourseError("Only a published module can be assigned.")
    org = school or (section.school if section else cohort.organization)
    if not permissions.can_assign(actor, org) or not permissions.can_assign(
        actor, module.organization
    ):
        raise Forbidden("Only district admins assign modules to their own district.")
    if due_on is not None and due_on < timezone.localdate():
        raise CourseError("The due date is in the past.")
    with transaction.atomic():
        assignment = ModuleAssignment.objects.create(
            family=module.family,
            module=module,
            assigned_by=actor,
            school=school,
            section=section,
            cohort=cohort,
            due_on=due_on,
        )
        audit_record(
            actor=actor,
            action=AuditAction.MODULE_ASSIGN,
            target=assignment,
            data={"due_on": str(due_on or "")},
        )
    return assignment


# Exemplars ------------------------------------------------------------------------------------


def exemplar_propose(
    *,
    actor: User,
    submission: Submission,
    consent: bool,
    slug: str,
    title: str,
    grade_band: str,
    subject: str,
    lesson_flow: str,
    pedagogical_value: str,
    reflection: str = "",
    standards: Sequence[Competency] = (),
) -> Exemplar:
    """A teacher proposes a lesson from their own approved evidence, with consent."""
    if submission.earner_id != actor.pk:
        raise Forbidden("You can propose only your own evidence.")
    if actor.is_minor or submission.badge_class.audience != BadgeClass.Audience.EDUCATOR:
        # Exemplars are teachers' lessons; students' evidence is never shared this way.
        raise Forbidden("Only teachers propose their own lessons as exemplars.")
    if submission.status != Submission.Status.APPROVED:
        raise CourseError("Only approved evidence can become an exemplar.")
    if not consent:
        raise CourseError("Sharing a lesson as an exemplar needs your consent.")
    if grade_band not in GradeBand.values or subject not in Subject.values:
        raise CourseError("Choose a grade band and a subject.")
    if Exemplar.objects.filter(slug=slug).exists():
        raise CourseError(f"An exemplar with the address {slug!r} exists already.")
    org = submission.badge_class.issuer.organization
    with transaction.atomic():
        exemplar = Exemplar.objects.create(
            slug=slug,
            organization=Organization.objects.get(pk=home_id_of(org)),
            title=title.strip(),
            grade_band=grade_band,
            subject=subject,
            lesson_flow=lesson_flow,
            pedagogical_value=pedagogical_value,
            reflection=reflection,
            proposed_by=actor,
            source_submission=submission,
            consent_given_at=timezone.now(),
        )
        exemplar.standards.set(standards)
        latest = submission.versions.order_by("-number").first()
        artifacts = list(latest.artifacts.all()) if latest else []
        ExemplarArtifact.objects.bulk_create(
            [
                ExemplarArtifact(
                    exemplar=exemplar,
                    kind=ExemplarArtifact.Kind.FILE
                    if a.kind == "file"
                    else ExemplarArtifact.Kind.DOCUMENT,
                    title=a.title or a.original_name or "Artifact",
                    file=a.file.name if a.kind == "file" else "",
                    content_type=a.content_type,
                    url=a.url,
                    annotation=a.text,
                    position=i,
                )
                for i, a in enumerate(artifacts)
            ]
        )
        audit_record(actor=actor, action=AuditAction.EXEMPLAR_PROPOSE, target=exemplar)
    return exemplar


def exemplar_publish(*, actor: User, exemplar: Exemplar) -> Exemplar:
    if not permissions.can_publish_exemplar(actor, exemplar):
        raise Forbidden("Only district admins and coaches publish exemplars.")
    with transaction.atomic():
        locked = Exemplar.objects.select_for_update().get(pk=exemplar.pk)
        if locked.status == Exemplar.Status.PUBLISHED:
            raise CourseError("This exemplar is published already.")
        if locked.source_submission_id and locked.consent_given_at is None:
            raise CourseError("The teacher has not consented to sharing this lesson.")
        locked.status = Exemplar.Status.PUBLISHED
        locked.published_by = actor
        locked.published_at = timezone.now()
        locked.save(update_fields=["status", "published_by", "published_at"])
        audit_record(actor=actor, action=AuditAction.EXEMPLAR_PUBLISH, target=locked)
    return locked


def exemplar_decline(*, actor: User, exemplar: Exemplar, reason: str) -> Exemplar:
    if not permissions.can_publish_exemplar(actor, exemplar):
        raise Forbidden("Only district admins and coaches review exemplars.")
    if not reason.strip():
        raise CourseError("Say why, so the teacher knows.")
    with transaction.atomic():
        locked = Exemplar.objects.select_for_update().get(pk=exemplar.pk)
        if locked.status != Exemplar.Status.PROPOSED:
            raise CourseError("Only a proposed exemplar can be declined.")
        locked.status = Exemplar.Status.DECLINED
        locked.save(update_fields=["status"])
        audit_record(
            actor=actor, action=AuditAction.EXEMPLAR_DECLINE, target=locked, data={"reason": reason}
        )
    return locked


def exemplar_create(
    *,
    actor: User,
    organization: Organization,
    slug: str,
    title: str,
    grade_band: str,
    subject: str,
    lesson_flow: str,
    pedagogical_value: str,
    reflection: str = "",
    standards: Sequence[Competency] = (),
    artifacts: Sequence[Mapping[str, Any]] = (),
) -> Exemplar:
    """An admin or coach authors an exemplar directly (a draft until published)."""
    if not permissions.can_author(actor, organization):
        raise Forbidden("Only district admins and coaches author exemplars.")
    if grade_band not in GradeBand.values or subject not in Subject.values:
        raise CourseError("Choose a grade band and a subject.")
    if Exemplar.objects.filter(slug=slug).exists():
        raise CourseError(f"An exemplar with the address {slug!r} exists already.")
    with transaction.atomic():
        exemplar = Exemplar.objects.create(
            slug=slug,
            organization=organization,
            title=title.strip(),
            grade_band=grade_band,
            subject=subject,
            lesson_flow=lesson_flow,
            pedagogical_value=pedagogical_value,
            reflection=reflection,
            proposed_by=actor,
        )
        exemplar.standards.set(standards)
        for i, a in enumerate(artifacts):
            url = str(a.get("url", ""))
            if url and not url.startswith(("https://", "http://")):
                raise CourseError(f"Artifact {i + 1}: links must be web addresses.")
            ExemplarArtifact.objects.create(
                exemplar=exemplar,
                kind=a.get("kind", ExemplarArtifact.Kind.DOCUMENT),
                title=a["title"],
                url=url,
                annotation=a.get("annotation", ""),
                position=i,
            )
        audit_record(actor=actor, action=AuditAction.EXEMPLAR_CREATE, target=exemplar)
    return exemplar
