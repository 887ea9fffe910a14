"""Reads for evidence, already scoped to the person asking.

`submissions_visible_to` is the one door to a submission: whatever it leaves out
answers 404. Its rules (each has an allowed and a denied test):
  - the earner, and whoever submitted on their behalf;
  - anyone eligible to review it under its badge's approval policy (routing), once it
    is submitted (reviewers never see drafts), if they may approve at all;
  - a teacher of one of the earner's sections;
  - anyone who reviewed any version of it;
  - members of the moderation committee a sample of it was sent to;
  - district admins of the badge's issuer.
A mentor or supervisor therefore sees only submissions routed to them.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from accounts.models import Membership, Placement, Section, User

from . import permissions
from .models import (
    Artifact,
    ModerationCase,
    Notification,
    Review,
    ReviewerGroup,
    StatusChange,
    Submission,
    SubmissionVersion,
)


def _routing_q(user: User) -> Q:
    """Submissions whose policy makes `user` an eligible reviewer (any status)."""
    policy = "badge_class__approval_policy__"
    q = Q(pk__in=[])
    q |= Q(**{f"{policy}allow_section_teacher": True}) & Q(
        earner_id__in=Section.students.through.objects.filter(section__teachers=user).values(
            "user_id"
        )
    )
    coach_orgs = permissions.coach_org_ids(user)
    if coach_orgs:
        q |= Q(**{f"{policy}allow_coach": True}) & Q(
            earner_id__in=Membership.objects.filter(
                role=Membership.Role.TEACHER, organization_id__in=coach_orgs
            ).values("user_id")
        )
    active = permissions.active_placements()
    q |= Q(**{f"{policy}allow_mentor": True}) & Q(
        earner_id__in=Placement.objects.filter(active, mentor=user).values("student_id")
    )
    q |= Q(**{f"{policy}allow_supervisor": True}) & Q(
        earner_id__in=Placement.objects.filter(active, supervisor=user).values("student_id")
    )
    q |= Q(**{f"{policy}reviewer_group__in": ReviewerGroup.objects.filter(members=user)})
    admin_orgs = permissions.admin_org_ids(user)
    if admin_orgs:
        q |= Q(**{f"{policy}allow_admin": True}) & Q(
            badge_class__issuer__organization_id__in=admin_orgs
        )
    return q


def submissions_visible_to(user: User) -> QuerySet[Submission]:
    if not user.is_authenticated:
        return Submission.objects.none()
    q = Q(earner=user) | Q(submitted_by=user)
    if permissions.can_be_approver(user):
        # Reviewers see what is routed to them once it is submitted, never drafts.
        q |= _routing_q(user) & ~Q(earner=user) & ~Q(status=Submission.Status.DRAFT)
    q |= Q(
        earner_id__in=Section.students.through.objects.filter(section__teachers=user).values(
            "user_id"
        )
    )
    q |= Q(pk__in=Review.objects.filter(reviewer=user).values("submission_id"))
    q |= Q(pk__in=ModerationCase.objects.filter(committee__members=user).values("submission_id"))
    admin_orgs = permissions.admin_org_ids(user)
    if admin_orgs:
        q |= Q(badge_class__issuer__organization_id__in=admin_orgs)
    return Submission.objects.filter(q)


def submissions_of_earner(user: User) -> QuerySet[Submission]:
    """My submissions (and the ones I made for students), newest first."""
    return (
        Submission.objects.filter(Q(earner=user) | Q(submitted_by=user))
        .select_related("badge_class__issuer", "earner", "submitted_by", "assertion")
        .order_by("-updated_at", "-pk")
    )


@dataclass(frozen=True)
class QueueFilters:
    badge: str = ""  # badge class slug
    section: str = ""  # section public id
    status: str = ""  # submitted | in_review
    min_age_days: int | None = None


def review_queue(user: User, filters: QueueFilters | None = None) -> QuerySet[Submission]:
    """What `user` may review now, oldest first, without what they already reviewed."""
    if not permissions.can_be_approver(user):
        return Submission.objects.none()
    filters = filters or QueueFilters()
    reviewed = Review.objects.filter(
        submission=OuterRef("pk"), reviewer=user, version__number=OuterRef("version")
    )
    qs = (
        Submission.objects.filter(status__in=Submission.REVIEWABLE_STATUSES)
        .filter(_routing_q(user))
        .exclude(earner=user)
        .exclude(submitted_by=user)
        .filter(~Exists(reviewed))
    )
    if filters.badge:
        qs = qs.filter(badge_class__slug=filters.badge)
    if filters.section:
        try:
            uuid.UUID(str(filters.section))
        except ValueError:
            return Submission.objects.none()
        qs = qs.filter(
            earner_id__in=Section.students.through.objects.filter(
                section__public_id=filters.section
            ).values("user_id")
        )
    if filters.status in Submission.REVIEWABLE_STATUSES:
        qs = qs.filter(status=filters.status)
    if filters.min_age_days:
        qs = qs.filter(submitted_at__lte=timezone.now() - timedelta(days=filters.min_age_days))
    return (
        qs.select_related("badge_class__issuer", "earner", "submitted_by")
        .annotate(
            approvals=Count(
                "reviews",
                filter=Q(reviews__decision="approve", reviews__version__number=F("version")),
            )
        )
        .order_by("submitted_at", "pk")
    )


def submission_detail(user: User, public_id) -> Submission | None:
    """A submission with everything its page shows, in a fixed number of queries."""
    return (
        submissions_visible_to(user)
        .select_related(
            "badge_class__issuer__organization",
            "badge_class__approval_policy__rubric",
            "badge_class__approval_policy__reviewer_group",
            "earner",
            "submitted_by",
            "assertion",
        )
        .prefetch_related(
            Prefetch(
                "versions",
                queryset=SubmissionVersion.objects.prefetch_related(
                    Prefetch("artifacts", queryset=Artifact.objects.select_related("added_by"))
                ).order_by("-number"),
            ),
            Prefetch("reviews", queryset=Review.objects.select_related("reviewer", "version")),
            Prefetch("history", queryset=StatusChange.objects.select_related("actor")),
            "badge_class__approval_policy__rubric__criteria",
            "reviewer_notes__author",
        )
        .filter(public_id=public_id)
        .first()
    )


def moderation_queue(user: User) -> QuerySet[ModerationCase]:
    """Pending cases for committees `user` sits on, leaving out ones they reviewed."""
    return (
        ModerationCase.objects.filter(committee__members=user, status=ModerationCase.Status.PENDING)
        .exclude(submission__reviews__reviewer=user)
        .exclude(submission__earner=user)
        .select_related("submission__badge_class", "submission__earner", "committee")
        .order_by("created_at", "pk")
        .distinct()
    )


def moderation_flagged_for_admin(user: User) -> QuerySet[ModerationCase]:
    admin_orgs = permissions.admin_org_ids(user)
    return (
        ModerationCase.objects.filter(
            status=ModerationCase.Status.FLAGGED,
            submission__badge_class__issuer__organization_id__in=admin_orgs,
        )
        .select_related("submission__badge_class", "submission__earner", "submission__assertion")
        .order_by("decided_at", "pk")
    )


def notifications_for(user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user).order_by("-created_at", "-pk")


def unread_count(user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def reviewers_with_queue() -> QuerySet[User]:
    """Candidates for the daily digest: anyone who could be routed something."""
    return (
        User.objects.filter(is_active=True)
        .filter(
            Q(sections_taught__isnull=False)
            | Q(placements_supervised__isnull=False)
            | Q(placements_mentored__isnull=False)
            | Q(reviewer_groups__isnull=False)
            | Q(memberships__role__in=[Membership.Role.ADMIN, Membership.Role.COACH])
        )
        .distinct()
    )
