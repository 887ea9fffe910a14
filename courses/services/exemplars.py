"""Exemplars: a teacher proposes a lesson from their own approved evidence (with
consent), or an author writes one; the district's authors publish or decline it
(`courses.workflow.EXEMPLAR_FLOW`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.models import Organization, User
from accounts.scopes import home_of
from competencies.models import Competency
from core.audit import AuditAction, audit_record
from core.errors import Forbidden
from evidence.models import Submission

from .. import permissions
from ..models import Exemplar, ExemplarArtifact, GradeBand, Subject
from ..workflow import EXEMPLAR_FLOW
from .base import CourseError

E = Exemplar.Status


def _check_new(slug: str, grade_band: str, subject: str) -> None:
    if grade_band not in GradeBand.values or subject not in Subject.values:
        raise CourseError("Choose a grade band and a subject.")
    if Exemplar.objects.filter(slug=slug).exists():
        raise CourseError(f"An exemplar with the address {slug!r} exists already.")


def _new_exemplar(
    *,
    actor: User,
    organization: Organization,
    standards: Sequence[Competency],
    title: str,
    **fields: Any,
) -> Exemplar:
    """A proposed exemplar (in the caller's transaction)."""
    exemplar = Exemplar.objects.create(
        organization=organization, title=title.strip(), proposed_by=actor, **fields
    )
    exemplar.standards.set(standards)
    return exemplar


def _copied_artifacts(exemplar: Exemplar, submission: Submission) -> list[ExemplarArtifact]:
    """The latest version's evidence, as the exemplar's artifacts."""
    latest = submission.versions.order_by("-number").first()
    return [
        ExemplarArtifact(
            exemplar=exemplar,
            kind=ExemplarArtifact.Kind.FILE if a.kind == "file" else ExemplarArtifact.Kind.DOCUMENT,
            title=a.title or a.original_name or "Artifact",
            file=a.file.name if a.kind == "file" else "",
            content_type=a.content_type,
            url=a.url,
            annotation=a.text,
            position=i,
        )
        for i, a in enumerate(latest.artifacts.all() if latest else [])
    ]


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
    if not permissions.can_propose_from(actor, submission):
        # Exemplars are teachers' lessons; students' evidence is never shared this way.
        raise Forbidden(
            "You can propose only your own evidence."
            if submission.earner_id != actor.pk
            else "Only teachers propose their own lessons as exemplars."
        )
    if submission.status != Submission.Status.APPROVED:
        raise CourseError("Only approved evidence can become an exemplar.")
    if not consent:
        raise CourseError("Sharing a lesson as an exemplar needs your consent.")
    _check_new(slug, grade_band, subject)
    with transaction.atomic():
        exemplar = _new_exemplar(
            actor=actor,
            organization=home_of(submission.badge_class.issuer.organization),
            standards=standards,
            slug=slug,
            title=title,
            grade_band=grade_band,
            subject=subject,
            lesson_flow=lesson_flow,
            pedagogical_value=pedagogical_value,
            reflection=reflection,
            source_submission=submission,
            consent_given_at=timezone.now(),
        )
        ExemplarArtifact.objects.bulk_create(_copied_artifacts(exemplar, submission))
        audit_record(actor=actor, action=AuditAction.EXEMPLAR_PROPOSE, target=exemplar)
    return exemplar


def _reviewable(actor: User, exemplar: Exemplar, message: str) -> Exemplar:
    """`exemplar`, locked, if `actor` may review it (in a transaction)."""
    locked = Exemplar.objects.select_for_update().get(pk=exemplar.pk)
    if not permissions.can_review_exemplar(actor, locked):
        raise Forbidden(message)
    return locked


def exemplar_publish(*, actor: User, exemplar: Exemplar) -> Exemplar:
    """Put it in the exemplar library."""
    with transaction.atomic():
        locked = _reviewable(actor, exemplar, "Only district admins and coaches publish exemplars.")
        if not EXEMPLAR_FLOW.allows(locked.status, E.PUBLISHED):
            raise CourseError("This exemplar is published already.")
        if locked.source_submission_id and locked.consent_given_at is None:
            raise CourseError("The teacher has not consented to sharing this lesson.")
        locked.published_by = actor
        locked.published_at = timezone.now()
        EXEMPLAR_FLOW.apply(
            locked,
            to=E.PUBLISHED,
            actor=actor,
            now=locked.published_at,
            also=["published_by", "published_at"],
        )
        audit_record(actor=actor, action=AuditAction.EXEMPLAR_PUBLISH, target=locked)
    return locked


def exemplar_decline(*, actor: User, exemplar: Exemplar, reason: str) -> Exemplar:
    """Decline a proposed exemplar, saying why."""
    with transaction.atomic():
        locked = _reviewable(actor, exemplar, "Only district admins and coaches review exemplars.")
        if not reason.strip():
            raise CourseError("Say why, so the teacher knows.")
        if not EXEMPLAR_FLOW.allows(locked.status, E.DECLINED):
            raise CourseError("Only a proposed exemplar can be declined.")
        EXEMPLAR_FLOW.apply(locked, to=E.DECLINED, actor=actor, reason=reason)
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
    """An admin or coach authors an exemplar directly (proposed until published)."""
    if not permissions.can_author(actor, organization):
        raise Forbidden("Only district admins and coaches author exemplars.")
    _check_new(slug, grade_band, subject)
    with transaction.atomic():
        exemplar = _new_exemplar(
            actor=actor,
            organization=organization,
            standards=standards,
            slug=slug,
            title=title,
            grade_band=grade_band,
            subject=subject,
            lesson_flow=lesson_flow,
            pedagogical_value=pedagogical_value,
            reflection=reflection,
        )
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
