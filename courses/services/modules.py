"""Writing modules: create and change a draft, publish it, start a new version, retire.

A published version is never edited: editing makes a new draft version, and publishing
it retires the one before (`courses.workflow.MODULE_FLOW`). Learners keep the version
they started.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import Organization, User
from badges.models import BadgeClass
from badges.permissions import can_award
from competencies.models import Competency
from core.audit import AuditAction, audit_record
from core.errors import Forbidden
from evidence.models import ApprovalPolicy

from .. import permissions
from ..models import CheckQuestion, GradeBand, Module, Subject
from ..workflow import EDITABLE, MODULE_FLOW, NEW_VERSION_FROM
from .base import CourseError
from .search import module_search_vector_store

M = Module.Status
UPDATABLE = frozenset(
    {
        "title", "summary", "minutes", "format", "grade_bands", "subjects", "competencies",
        "leads_to", "participation_badge",
    }
)  # fmt: skip


def tags_key(values: Iterable[str]) -> str:
    """Grade bands or subjects as the denormalized ",a,b," the library filters on."""
    values = sorted(set(values))
    return "," + ",".join(values) + "," if values else ""


def _check_tags(grade_bands: Sequence[str], subjects: Sequence[str]) -> None:
    bad = [g for g in grade_bands if g not in GradeBand.values]
    if bad:
        raise CourseError(f"Unknown grade band: {', '.join(bad)}.")
    bad = [s for s in subjects if s not in Subject.values]
    if bad:
        raise CourseError(f"Unknown subject: {', '.join(bad)}.")


def _check_badges(
    actor: User,
    organization: Organization,
    leads_to: BadgeClass | None,
    participation_badge: BadgeClass | None,
) -> None:
    """A module may lead to a micro-credential that takes evidence, and may award a
    participation badge on completion only if its author may award that badge and
    the badge is not one that must be earned through reviewed evidence."""
    for badge in (leads_to, participation_badge):
        if badge is None:
            continue
        if not permissions.is_local_badge(badge, organization):
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
    """A new module: version 1, a draft, seen only by its district's authors."""
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
            grade_bands_key=tags_key(grade_bands),
            subjects_key=tags_key(subjects),
            author=actor,
            leads_to=leads_to,
            participation_badge=participation_badge,
        )
        module.competencies.set(competencies)
        module_search_vector_store(modules=[module])
        audit_record(
            actor=actor, action=AuditAction.MODULE_CREATE, target=module, data={"slug": slug}
        )
    return module


def locked_draft(actor: User, module: Module) -> Module:
    """`module`, locked, if `actor` may author it and it is a draft (in a transaction)."""
    locked = Module.objects.select_for_update().select_related("organization").get(pk=module.pk)
    if not permissions.can_edit_module(actor, locked):
        raise Forbidden("Only district admins and coaches edit modules.")
    if locked.status not in EDITABLE:
        raise CourseError("Only a draft can be edited; start a new version of a published module.")
    return locked


def module_update(*, actor: User, module: Module, **fields: Any) -> Module:
    """Change a draft's details (title, summary, minutes, format, tags, badges)."""
    unknown = set(fields) - UPDATABLE
    if unknown:
        raise CourseError(f"Cannot change {', '.join(sorted(unknown))}.")
    with transaction.atomic():
        locked = locked_draft(actor, module)
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
        locked.grade_bands_key = tags_key(locked.grade_bands)
        locked.subjects_key = tags_key(locked.subjects)
        try:
            locked.full_clean(exclude=["family", "slug"])
        except ValidationError as exc:
            raise CourseError(" ".join(exc.messages)) from exc
        locked.save(update_fields=[*fields, "grade_bands_key", "subjects_key"])
        if {"title", "summary"} & set(fields):
            module_search_vector_store(modules=[locked])
        if competencies is not None:
            locked.competencies.set(competencies)
        audit_record(
            actor=actor,
            action=AuditAction.MODULE_UPDATE,
            target=locked,
            data={"fields": sorted(fields)},
        )
    return locked


def module_publish(*, actor: User, module: Module) -> Module:
    """Publish a draft; the version published before it retires (its learners keep it)."""
    with transaction.atomic():
        locked = locked_draft(actor, module)
        if not locked.steps.exists():
            raise CourseError("Add at least one step before publishing.")
        previous = list(
            Module.objects.select_for_update().filter(family=locked.family, status=M.PUBLISHED)
        )
        now = timezone.now()
        for old in previous:
            MODULE_FLOW.apply(
                old, to=M.RETIRED, actor=actor, now=now, reason=f"version {locked.version}"
            )
        locked.published_at = now
        MODULE_FLOW.apply(locked, to=M.PUBLISHED, actor=actor, now=now, also=["published_at"])
        module_search_vector_store(modules=[locked])  # what the library searches
        audit_record(
            actor=actor,
            action=AuditAction.MODULE_PUBLISH,
            target=locked,
            data={"version": locked.version},
        )
    return locked


def module_new_version(*, actor: User, module: Module) -> Module:
    """Start editing a published module: a draft copy as the next version (or the draft
    already started)."""
    if not permissions.can_edit_module(actor, module):
        raise Forbidden("Only district admins and coaches edit modules.")
    with transaction.atomic():
        source = Module.objects.select_for_update().get(pk=module.pk)
        if source.status not in NEW_VERSION_FROM:
            raise CourseError("Only a published module gets a new version.")
        existing = Module.objects.filter(family=source.family, status=M.DRAFT).first()
        if existing is not None:
            return existing
        draft = _copy_as_next_version(source, author=actor)
        audit_record(
            actor=actor,
            action=AuditAction.MODULE_NEW_VERSION,
            target=draft,
            data={"version": draft.version},
        )
    return draft


def _copy_as_next_version(source: Module, *, author: User) -> Module:
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
        author=author,
        leads_to=source.leads_to,
        participation_badge=source.participation_badge,
    )
    draft.competencies.set(source.competencies.all())
    module_search_vector_store(modules=[draft])
    for step in source.steps.prefetch_related("questions"):
        questions = list(step.questions.all())
        step.pk, step.public_id, step.module = None, uuid.uuid4(), draft
        step.save()
        CheckQuestion.objects.bulk_create(
            [
                CheckQuestion(step=step, position=q.position, prompt=q.prompt, choices=q.choices)
                for q in questions
            ]
        )
    return draft


def module_retire(*, actor: User, module: Module) -> Module:
    """Take a published version out of the library; those who started it can finish it."""
    if not permissions.can_edit_module(actor, module):
        raise Forbidden("Only district admins and coaches retire modules.")
    with transaction.atomic():
        locked = Module.objects.select_for_update().get(pk=module.pk)
        if not MODULE_FLOW.allows(locked.status, M.RETIRED):
            raise CourseError("Only a published module can be retired.")
        MODULE_FLOW.apply(locked, to=M.RETIRED, actor=actor)
        audit_record(actor=actor, action=AuditAction.MODULE_RETIRE, target=locked)
    return locked
