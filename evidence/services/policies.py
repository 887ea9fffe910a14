"""Rubrics and approval policies, written from the console.

A rubric has criteria, each with a descriptor for every mastery level 1–4. Once a
review has scored on a rubric its criteria may be reworded but not added or removed
(the scores of those reviews name them). An approval policy says how the evidence for
one badge is routed, scored and approved; its badge is chosen when it is made.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction

from accounts.models import Organization, User
from accounts.scopes import administers, home_id_of
from badges import permissions as badge_permissions
from badges.models import BadgeClass
from core.audit import AuditAction, audit_record
from core.errors import Forbidden

from .. import permissions
from ..models import ApprovalPolicy, Review, ReviewerGroup, ReviewerKind, Rubric, RubricCriterion
from .base import EvidenceError

MAX_CRITERIA = 12


@dataclass(frozen=True)
class CriterionInput:
    """One row of a rubric: its name and the descriptors of levels 1–4. `public_id`
    names an existing criterion (an edit); empty for a new one."""

    name: str
    levels: tuple[str, str, str, str]
    public_id: str = ""


@dataclass(frozen=True)
class PolicySettings:
    rubric: Rubric
    threshold: int = 3
    allow_section_teacher: bool = False
    allow_coach: bool = False
    allow_mentor: bool = False
    allow_supervisor: bool = False
    allow_admin: bool = False
    reviewer_group: ReviewerGroup | None = None
    required_kinds: list[str] = field(default_factory=list)
    approvals_needed: int = 1
    allow_self_submission: bool = True
    allow_teacher_on_behalf: bool = False
    moderation_rate: Decimal = Decimal(0)


# Rubrics ----------------------------------------------------------------------------


def _clean_criteria(criteria: Sequence[CriterionInput]) -> list[CriterionInput]:
    cleaned = []
    for i, c in enumerate(criteria, start=1):
        name = (c.name or "").strip()
        levels = tuple((x or "").strip() for x in c.levels)
        if not name and not any(levels):
            continue  # a blank row of the form
        if not name:
            raise EvidenceError(f"Criterion {i}: give it a name.")
        if len(levels) != 4 or not all(levels):
            raise EvidenceError(f"“{name}”: describe each level, 1 to 4.")
        cleaned.append(CriterionInput(name=name[:200], levels=levels, public_id=c.public_id))
    if not cleaned:
        raise EvidenceError("A rubric needs at least one criterion.")
    if len(cleaned) > MAX_CRITERIA:
        raise EvidenceError(f"A rubric has at most {MAX_CRITERIA} criteria.")
    names = [c.name.lower() for c in cleaned]
    if len(set(names)) != len(names):
        raise EvidenceError("Two criteria have the same name.")
    return cleaned


def _levels(c: CriterionInput) -> dict[str, str]:
    return {f"level_{n}": text for n, text in enumerate(c.levels, start=1)}


def rubric_create(
    *,
    actor: User,
    organization: Organization,
    name: str,
    description: str = "",
    criteria: Sequence[CriterionInput],
) -> Rubric:
    """A rubric kept by `organization` (which the actor administers)."""
    if not (actor.is_superuser or administers(actor, organization)):
        raise Forbidden("You may not keep rubrics for this organization.")
    name = (name or "").strip()
    if not name:
        raise EvidenceError("Give the rubric a name.")
    rows = _clean_criteria(criteria)
    with transaction.atomic():
        rubric = Rubric.objects.create(
            organization=organization, name=name[:200], description=(description or "").strip()
        )
        RubricCriterion.objects.bulk_create(
            [
                RubricCriterion(rubric=rubric, position=i, name=c.name, **_levels(c))
                for i, c in enumerate(rows)
            ]
        )
        audit_record(
            actor=actor,
            action=AuditAction.RUBRIC_CREATE,
            target=rubric,
            data={"name": rubric.name, "criteria": len(rows)},
        )
    return rubric


def rubric_update(
    *,
    actor: User,
    rubric: Rubric,
    name: str,
    description: str = "",
    criteria: Sequence[CriterionInput],
) -> Rubric:
    """Rename and reword; add or remove criteria while no review has scored on it."""
    if not permissions.rubrics.allows(actor, "manage", rubric):
        raise Forbidden("You may not change this rubric.")
    name = (name or "").strip()
    if not name:
        raise EvidenceError("Give the rubric a name.")
    rows = _clean_criteria(criteria)
    with transaction.atomic():
        locked = Rubric.objects.select_for_update().get(pk=rubric.pk)
        existing = {str(c.public_id): c for c in locked.criteria.all()}
        unknown = [c.name for c in rows if c.public_id and c.public_id not in existing]
        if unknown:
            raise EvidenceError("Some criteria are not on this rubric: " + ", ".join(unknown))
        kept = {c.public_id for c in rows if c.public_id}
        changes_shape = kept != set(existing) or any(not c.public_id for c in rows)
        if (
            changes_shape
            and Review.objects.filter(
                submission__badge_class__approval_policy__rubric=locked
            ).exists()
        ):
            raise EvidenceError(
                "Reviews have scored on this rubric: its criteria can be reworded but not "
                "added or removed. Make a new rubric instead."
            )
        RubricCriterion.objects.filter(rubric=locked).exclude(public_id__in=kept).delete()
        for position, c in enumerate(rows):
            if c.public_id:
                row = existing[c.public_id]
                row.name, row.position = c.name, position
                for key, text in _levels(c).items():
                    setattr(row, key, text)
                row.save(update_fields=["name", "position", *_levels(c)])
            else:
                RubricCriterion.objects.create(
                    rubric=locked, position=position, name=c.name, **_levels(c)
                )
        locked.name, locked.description = name[:200], (description or "").strip()
        locked.save(update_fields=["name", "description"])
        audit_record(
            actor=actor,
            action=AuditAction.RUBRIC_UPDATE,
            target=locked,
            data={"name": locked.name, "criteria": len(rows)},
        )
    return locked


# Approval policies ------------------------------------------------------------------


def _check_settings(actor: User, badge_class: BadgeClass, s: PolicySettings) -> None:
    home = home_id_of(badge_class.issuer.organization)
    if not permissions.rubrics.allows(actor, "manage", s.rubric) or (
        home_id_of(s.rubric.organization) != home
    ):
        raise EvidenceError("Choose a rubric of this badge's district.")
    if s.reviewer_group is not None and (
        not permissions.reviewer_groups.allows(actor, "manage", s.reviewer_group)
        or home_id_of(s.reviewer_group.organization) != home
    ):
        raise EvidenceError("Choose a reviewer group of this badge's district.")
    if s.threshold not in (1, 2, 3, 4):
        raise EvidenceError("The approval threshold is a level from 1 to 4.")
    if not 1 <= s.approvals_needed <= 10:
        raise EvidenceError("Approvals needed: from 1 to 10.")
    try:
        rate = Decimal(s.moderation_rate)
    except (InvalidOperation, TypeError):
        raise EvidenceError("The moderation share is a number from 0 to 1.") from None
    if not Decimal(0) <= rate <= Decimal(1):
        raise EvidenceError("The moderation share is a number from 0 to 1.")
    eligible = _eligible(s)
    if not eligible:
        raise EvidenceError("Choose at least one kind of reviewer.")
    unknown = [k for k in s.required_kinds if k not in ReviewerKind.values]
    if unknown:
        raise EvidenceError("Unknown reviewer kind.")
    not_allowed = [str(ReviewerKind(k).label) for k in s.required_kinds if k not in eligible]
    if not_allowed:
        raise EvidenceError(
            "A required approval must come from a kind of reviewer the policy allows: "
            + ", ".join(not_allowed)
            + "."
        )


def _eligible(s: PolicySettings) -> list[str]:
    draft = ApprovalPolicy(**_fields(s))
    return draft.eligible_kinds()


def _fields(s: PolicySettings) -> dict:
    return {
        "rubric": s.rubric,
        "threshold": s.threshold,
        "allow_section_teacher": s.allow_section_teacher,
        "allow_coach": s.allow_coach,
        "allow_mentor": s.allow_mentor,
        "allow_supervisor": s.allow_supervisor,
        "allow_admin": s.allow_admin,
        "reviewer_group": s.reviewer_group,
        "required_kinds": list(dict.fromkeys(s.required_kinds)),
        "approvals_needed": s.approvals_needed,
        "allow_self_submission": s.allow_self_submission,
        "allow_teacher_on_behalf": s.allow_teacher_on_behalf,
        "moderation_rate": Decimal(s.moderation_rate),
    }


def approval_policy_create(
    *, actor: User, badge_class: BadgeClass, settings: PolicySettings
) -> ApprovalPolicy:
    """Let `badge_class` (which the actor manages) take evidence under these settings."""
    if not badge_permissions.can_manage_badge_class(actor, badge_class):
        raise Forbidden("You may not change this badge.")
    if badge_class.status == BadgeClass.Status.ARCHIVED:
        raise EvidenceError(f"“{badge_class.name}” is archived.")
    _check_settings(actor, badge_class, settings)
    try:
        with transaction.atomic():
            if ApprovalPolicy.objects.select_for_update().filter(badge_class=badge_class).exists():
                raise EvidenceError(f"“{badge_class.name}” has an approval policy already.")
            policy = ApprovalPolicy.objects.create(badge_class=badge_class, **_fields(settings))
            audit_record(
                actor=actor,
                action=AuditAction.APPROVAL_POLICY_CREATE,
                target=policy,
                data={"rubric": str(settings.rubric.public_id), "kinds": _eligible(settings)},
            )
    except IntegrityError as exc:
        raise EvidenceError(f"“{badge_class.name}” has an approval policy already.") from exc
    return policy


def approval_policy_update(
    *, actor: User, policy: ApprovalPolicy, settings: PolicySettings
) -> ApprovalPolicy:
    """Change how evidence for the policy's badge is routed, scored and approved (open
    submissions follow the new settings from their next review)."""
    if not permissions.approval_policies.allows(actor, "manage", policy):
        raise Forbidden("You may not change this approval policy.")
    with transaction.atomic():
        locked = (
            ApprovalPolicy.objects.select_for_update()
            .select_related("badge_class__issuer__organization")
            .get(pk=policy.pk)
        )
        _check_settings(actor, locked.badge_class, settings)
        fields = _fields(settings)
        for key, value in fields.items():
            setattr(locked, key, value)
        locked.save(update_fields=list(fields))
        audit_record(
            actor=actor,
            action=AuditAction.APPROVAL_POLICY_UPDATE,
            target=locked,
            data={"rubric": str(settings.rubric.public_id), "kinds": _eligible(settings)},
        )
    return locked
