"""Rubrics and approval policies: the console's lists and forms (scoped by
`permissions.rubrics` and `permissions.approval_policies`), and the warning a pathway's
activation page shows when its badge has its own evidence policy."""

from __future__ import annotations

import uuid

from django.db.models import Count, QuerySet

from accounts.models import Organization, User
from accounts.scopes import organizations_administered
from badges import permissions as badge_permissions
from badges.models import BadgeClass

from .. import permissions
from ..models import ApprovalPolicy, ReviewerGroup, Rubric, RubricCriterion


def evidence_policy_warning(badge_class: BadgeClass) -> str | None:
    """For `pathways.selectors.register_award_warning`."""
    rubric = (
        ApprovalPolicy.objects.filter(badge_class_id=badge_class.pk)
        .values_list("rubric__name", flat=True)
        .first()
    )
    if rubric is None:
        return None
    return (
        f"“{badge_class.name}” has its own evidence policy (scored on the rubric “{rubric}”). "
        "The people listed here get it from the pathway without the evidence review that "
        "policy asks for."
    )


# Approval policies ------------------------------------------------------------------


def approval_policies_for(*, user: User) -> QuerySet[ApprovalPolicy]:
    """The approval policies `user` manages, by badge name (one query a page)."""
    return (
        permissions.approval_policies.queryset(user, "manage")
        .select_related("badge_class__issuer", "rubric", "reviewer_group")
        .order_by("badge_class__name", "pk")
    )


def approval_policy_for(*, user: User, badge_slug: str) -> ApprovalPolicy | None:
    """One policy `user` manages, addressed by its badge's slug, or None (404)."""
    return approval_policies_for(user=user).filter(badge_class__slug=badge_slug).first()


def badge_classes_without_policy(*, user: User) -> QuerySet[BadgeClass]:
    """Badges `user` manages that take no evidence yet: those a new policy may be for."""
    return (
        badge_permissions.badge_classes.queryset(user, "manage")
        .exclude(status=BadgeClass.Status.ARCHIVED)
        .filter(approval_policy__isnull=True)
        .select_related("issuer")
        .order_by("name", "pk")
    )


def reviewer_groups_for(*, user: User) -> QuerySet[ReviewerGroup]:
    return permissions.reviewer_groups.queryset(user, "manage").order_by("name", "pk")


# Rubrics ----------------------------------------------------------------------------


def rubrics_for(*, user: User) -> QuerySet[Rubric]:
    """The rubrics `user` manages, by name, with how many criteria and policies use them."""
    return (
        permissions.rubrics.queryset(user, "manage")
        .select_related("organization")
        .annotate(
            criteria_count=Count("criteria", distinct=True),
            policy_count=Count("policies", distinct=True),
        )
        .order_by("name", "pk")
    )


def rubric_for(*, user: User, public_id: uuid.UUID) -> Rubric | None:
    return permissions.rubrics.queryset(user, "manage").filter(public_id=public_id).first()


def rubric_criteria(*, rubric: Rubric) -> list[RubricCriterion]:
    return list(rubric.criteria.order_by("position", "pk"))


def rubric_organizations_for(*, user: User) -> QuerySet[Organization]:
    """Where `user` may keep a rubric: the organizations they administer."""
    if user.is_superuser:
        return Organization.objects.order_by("name", "pk")
    return organizations_administered(user).order_by("name", "pk")
