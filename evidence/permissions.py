"""Who may review, see and change evidence. Predicates only; no writes.

Every read of a student's evidence by someone other than the earner is allowed by
one of the rules named in `VisibilityRule`, and each rule has tests.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q
from django.utils import timezone

from accounts.models import Membership, Placement, Section
from accounts.permissions import can_be_approver
from accounts.scopes import administers, belongs_to_home_of

from .models import ApprovalPolicy, ReviewerKind, Submission

if TYPE_CHECKING:
    from accounts.models import User


def active_placements() -> Q:
    today = timezone.localdate()
    return Q(starts_on__lte=today) & (Q(ends_on__isnull=True) | Q(ends_on__gte=today))


def teaches(user: User, student: User) -> bool:
    return Section.objects.filter(teachers=user, students=student).exists()


def coach_org_ids(user: User) -> set[int]:
    """Organizations where `user` coaches, with the schools of a coached district."""
    from accounts.models import Organization

    direct = set(
        Membership.objects.filter(user=user, role=Membership.Role.COACH).values_list(
            "organization_id", flat=True
        )
    )
    if not direct:
        return set()
    schools = Organization.objects.filter(parent_id__in=direct).values_list("pk", flat=True)
    return direct | set(schools)


def admin_org_ids(user: User) -> set[int]:
    """Organizations `user` administers: their districts and those districts' schools."""
    from accounts.models import Organization

    direct = set(
        Membership.objects.filter(user=user, role=Membership.Role.ADMIN).values_list(
            "organization_id", flat=True
        )
    )
    if not direct:
        return set()
    return direct | set(
        Organization.objects.filter(parent_id__in=direct).values_list("pk", flat=True)
    )


def reviewer_kinds(user: User, submission: Submission, policy: ApprovalPolicy) -> list[str]:
    """The ways `user` is eligible to review `submission` under `policy` (empty: not at all).

    Nobody reviews their own submission, or one they submitted on someone's behalf,
    and an approver must have a verified e-mail address.
    """
    if not user.is_authenticated or not can_be_approver(user):
        return []
    if user.pk in (submission.earner_id, submission.submitted_by_id):
        return []
    earner_id = submission.earner_id
    kinds: list[str] = []
    if (
        policy.allow_section_teacher
        and Section.objects.filter(teachers=user, students=earner_id).exists()
    ):
        kinds.append(ReviewerKind.SECTION_TEACHER)
    if policy.allow_coach:
        orgs = coach_org_ids(user)
        if (
            orgs
            and Membership.objects.filter(
                user_id=earner_id, role=Membership.Role.TEACHER, organization_id__in=orgs
            ).exists()
        ):
            kinds.append(ReviewerKind.COACH)
    if (
        policy.allow_mentor
        and Placement.objects.filter(
            active_placements(), student_id=earner_id, mentor=user
        ).exists()
    ):
        kinds.append(ReviewerKind.MENTOR)
    if (
        policy.allow_supervisor
        and Placement.objects.filter(
            active_placements(), student_id=earner_id, supervisor=user
        ).exists()
    ):
        kinds.append(ReviewerKind.SUPERVISOR)
    if policy.reviewer_group_id and policy.reviewer_group.members.filter(pk=user.pk).exists():
        kinds.append(ReviewerKind.GROUP)
    if policy.allow_admin and (
        user.is_superuser or administers(user, submission.badge_class.issuer.organization)
    ):
        kinds.append(ReviewerKind.ADMIN)
    return [str(k) for k in kinds]


def can_edit_submission(user: User, submission: Submission) -> bool:
    """The earner, or the teacher who started it on their behalf, edits a draft."""
    return (
        user.is_authenticated
        and submission.status == Submission.Status.DRAFT
        and user.pk in (submission.earner_id, submission.submitted_by_id)
    )


def can_act_for_earner(user: User, submission: Submission) -> bool:
    """Submit, withdraw, revise: the earner, or the teacher who submits on their behalf."""
    return user.is_authenticated and user.pk in (submission.earner_id, submission.submitted_by_id)


def _in_district_of(user: User, org) -> bool:
    """A member of the badge issuer's district (or of one of its schools)."""
    return belongs_to_home_of(user, org)


def can_start_for(actor: User, earner: User, policy: ApprovalPolicy) -> tuple[bool, str]:
    """May `actor` open a submission for `earner`? Returns (allowed, reason if not).

    The earner must belong to the issuing district and be the badge's audience: a
    student badge is for students, an educator badge for educators.
    """
    if actor.pk != earner.pk:
        # Checked first, with one answer, so nobody learns another person's role.
        if not policy.allow_teacher_on_behalf or not teaches(actor, earner):
            return (
                False,
                "You can submit only for students in your own sections, where the badge allows it.",
            )
    elif not policy.allow_self_submission:
        return False, "Earners may not submit their own evidence for this badge."
    badge = policy.badge_class
    if not _in_district_of(earner, badge.issuer.organization):
        return False, "This badge is issued by another district."
    is_student = Membership.objects.filter(user=earner, role=Membership.Role.STUDENT).exists()
    if badge.audience == "student" and not is_student:
        return False, "This badge is for students."
    if badge.audience == "educator" and is_student:
        return False, "This badge is for educators."
    return True, ""


def is_committee_member(user: User, committee) -> bool:
    return user.is_authenticated and committee.members.filter(pk=user.pk).exists()
