"""Access policies for evidence: who reviews, sees and changes a submission, decides a
moderation case, manages rubrics and approval policies (see `core.policies`).

Every read of a student's evidence by someone other than the earner is allowed by one
of the named rules below, and each has an allowed and a denied test.

**Routing** (who may review a submission, `route`; `review` is routing while the
submission waits for review). Nobody reviews their own submission or one they
submitted on someone's behalf; an approver needs an active account with a verified
e-mail address; the badge's approval policy switches each way on or off:

- a section teacher, for students in their sections, and only for badges linked to
  that section, its course or its subject (`badges.CurriculumLink`);
- a coach, for teachers on their current caseload (the caseload lives in `coaching`,
  above this app: coaching registers the rule, see `register_reviewer_route`);
- a placement mentor or supervisor, for students placed with them, during the
  placement;
- a member of the policy's reviewer group;
- an admin of the issuer's organization (or its district).

**Seeing** a submission (`view`): the earner and whoever submitted it for them; its
routed reviewers once it is submitted (never drafts); the teachers of a linked section
(drafts too: they teach the student toward it); anyone who reviewed it; the members of
the moderation committee a sample of it went to; the issuer's admins.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, Q

from accounts.models import Membership, Section, User
from accounts.permissions import approver_q
from accounts.scopes import administered_q, in_home_q, placed_with_q, teaches
from badges.models import BadgeClass, CurriculumLink
from core.policies import NOTHING, Policy, Rule, Who, any_of

from .models import (
    ApprovalPolicy,
    ModerationCase,
    Notification,
    Review,
    ReviewerGroup,
    ReviewerKind,
    Rubric,
    Submission,
)

if TYPE_CHECKING:
    from collections.abc import Mapping

POLICY = "badge_class__approval_policy__"
REVIEWABLE = Q(status__in=Submission.REVIEWABLE_STATUSES)
ISSUER_ORG = "badge_class__issuer__organization"


# Reviewer routes -------------------------------------------------------------------------

# kind -> (who, earner field, depth) -> Q: "rows whose user at `field` this reviewer may
# review as `kind`". Apps above evidence contribute the routes they own the data of.
_CONTRIBUTED_ROUTES: dict[str, Callable[..., Q]] = {}


def register_reviewer_route(kind: str, relation: Callable[..., Q]) -> None:
    """Let an app above evidence supply the relation behind a reviewer kind (coaching:
    "teachers on my current caseload"). Called once, from that app's `ready()`."""
    if kind not in ReviewerKind.values:
        raise ValueError(f"Unknown reviewer kind {kind!r}.")
    _CONTRIBUTED_ROUTES[kind] = relation


def _is_approver(who: Who) -> Q:
    return Q(Exists(User.objects.filter(approver_q(), pk=who.at(1))))


def _not_own(who: Who) -> Q:
    return ~Q(earner_id=who.at(0)) & ~Q(submitted_by_id=who.at(0))


def linked_sections_q(who: Who, *, depth: int = 0) -> Q:
    """Submissions whose earner sits in one of the user's sections, where that section
    (or its course, or its subject) is linked to the submission's badge and is at a
    school of the issuer's district."""
    link = CurriculumLink.objects.filter(
        badge_class_id=OuterRef(OuterRef("badge_class_id")),
    ).filter(
        Q(section_id=OuterRef("pk"))
        | Q(kind=CurriculumLink.Kind.COURSE, value__iexact=OuterRef("course_code"))
        | Q(kind=CurriculumLink.Kind.SUBJECT, value__iexact=OuterRef("subject"))
    )
    org = OuterRef(f"{ISSUER_ORG}_id")
    org_parent = OuterRef(f"{ISSUER_ORG}__parent_id")
    sections = Section.objects.filter(
        Q(school_id=org) | Q(school__parent_id=org) | Q(school__parent_id=org_parent),
        teachers=who.at(depth + 1),
        students=OuterRef("earner_id"),
    ).filter(Exists(link))
    return Q(Exists(sections))


def _section_teacher(who: Who) -> Q:
    return Q(**{f"{POLICY}allow_section_teacher": True}) & linked_sections_q(who)


def _coach(who: Who) -> Q:
    relation = _CONTRIBUTED_ROUTES.get(ReviewerKind.COACH)
    if relation is None:
        return NOTHING
    return Q(**{f"{POLICY}allow_coach": True}) & relation(who, "earner_id", depth=0)


def _mentor(who: Who) -> Q:
    return Q(**{f"{POLICY}allow_mentor": True}) & placed_with_q(who, "earner_id", as_="mentor")


def _supervisor(who: Who) -> Q:
    return Q(**{f"{POLICY}allow_supervisor": True}) & placed_with_q(
        who, "earner_id", as_="supervisor"
    )


def _group(who: Who) -> Q:
    members = ReviewerGroup.members.through.objects.filter(
        reviewergroup_id=OuterRef(f"{POLICY}reviewer_group_id"), user_id=who.at(1)
    )
    return Q(Exists(members))


def _admin(who: Who) -> Q:
    superuser = Q(Exists(User.objects.filter(pk=who.at(1), is_superuser=True)))
    return Q(**{f"{POLICY}allow_admin": True}) & (administered_q(who, ISSUER_ORG) | superuser)


ROUTES: Mapping[str, Rule] = {
    ReviewerKind.SECTION_TEACHER: _section_teacher,
    ReviewerKind.COACH: _coach,
    ReviewerKind.MENTOR: _mentor,
    ReviewerKind.SUPERVISOR: _supervisor,
    ReviewerKind.GROUP: _group,
    ReviewerKind.ADMIN: _admin,
}


def _routed(who: Who) -> Q:
    return any_of(route(who) for route in ROUTES.values()) & _not_own(who)


def _guarded(route: Rule, *, reviewable: bool) -> Rule:
    def rule(who: Who) -> Q:
        q = route(who) & _not_own(who)
        return q & REVIEWABLE if reviewable else q

    return rule


class SubmissionPolicy(Policy[Submission]):
    model = Submission
    rules = {
        "route": {str(k): _guarded(r, reviewable=False) for k, r in ROUTES.items()},
        "review": {str(k): _guarded(r, reviewable=True) for k, r in ROUTES.items()},
        "view": {
            "earner": lambda who: Q(earner_id=who.at(0)),
            "submitted for them": lambda who: Q(submitted_by_id=who.at(0)),
            "routed reviewer": lambda who: (
                _routed(who) & ~Q(status=Submission.Status.DRAFT) & _is_approver(who)
            ),
            "linked section teacher": lambda who: linked_sections_q(who),
            "reviewed it": lambda who: Q(
                Exists(Review.objects.filter(submission=OuterRef("pk"), reviewer=who.at(1)))
            ),
            "moderation committee": lambda who: Q(
                Exists(
                    ModerationCase.objects.filter(
                        submission=OuterRef("pk"), committee__members=who.at(1)
                    )
                )
            ),
            "issuer admin": lambda who: administered_q(who, ISSUER_ORG),
        },
        "edit": {
            "earner or submitter": lambda who: (
                (Q(earner_id=who.at(0)) | Q(submitted_by_id=who.at(0)))
                & Q(status=Submission.Status.DRAFT)
            )
        },
        "act_for_earner": {
            "earner or submitter": lambda who: Q(earner_id=who.at(0)) | Q(submitted_by_id=who.at(0))
        },
        "set_public": {"earner": lambda who: Q(earner_id=who.at(0))},
    }

    def actor_q(self, action: str) -> Q:
        if action in ("route", "review"):
            return approver_q()
        return super().actor_q(action)


class ReviewPolicy(Policy[Review]):
    """A review is seen by whoever may see its submission."""

    model = Review
    rules = {
        "view": {
            "sees the submission": lambda who: Q(
                Exists(
                    Submission.objects.filter(pk=OuterRef("submission_id")).filter(
                        submissions.scope(who.below(), "view")
                    )
                )
            )
        }
    }


def _on_committee(who: Who) -> Q:
    return Q(
        Exists(
            ReviewerGroup.members.through.objects.filter(
                reviewergroup_id=OuterRef("committee_id"), user_id=who.at(1)
            )
        )
    )


def _took_part(who: Who) -> Q:
    reviewed = Review.objects.filter(submission_id=OuterRef("submission_id"), reviewer=who.at(1))
    return Q(submission__earner_id=who.at(0)) | Q(Exists(reviewed))


class ModerationCasePolicy(Policy[ModerationCase]):
    """The committee's members who took no part in a submission moderate it; the issuer's
    admins resolve what the committee flagged. (Which moves a case's status allows is
    `evidence.workflow.MODERATION_FLOW`'s business.)"""

    model = ModerationCase
    rules = {
        "decide": {"committee member": lambda who: _on_committee(who) & ~_took_part(who)},
        "resolve": {"issuer admin": lambda who: administered_q(who, f"submission__{ISSUER_ORG}")},
    }
    superuser_actions = frozenset({"resolve"})


class RubricPolicy(Policy[Rubric]):
    model = Rubric
    rules = {"manage": {"admin": lambda who: administered_q(who, "organization")}}
    superuser_actions = frozenset({"manage"})


class ApprovalPolicyPolicy(Policy[ApprovalPolicy]):
    model = ApprovalPolicy
    rules = {"manage": {"issuer admin": lambda who: administered_q(who, ISSUER_ORG)}}
    superuser_actions = frozenset({"manage"})


class ReviewerGroupPolicy(Policy[ReviewerGroup]):
    model = ReviewerGroup
    rules = {"manage": {"admin": lambda who: administered_q(who, "organization")}}
    superuser_actions = frozenset({"manage"})


class NotificationPolicy(Policy[Notification]):
    model = Notification
    rules = {"read": {"addressee": lambda who: Q(user_id=who.at(0))}}


# Starting a submission -------------------------------------------------------------------

EDUCATOR_ROLES = (Membership.Role.TEACHER, Membership.Role.COACH, Membership.Role.ADMIN)


def _takes_evidence() -> Q:
    return Q(status=BadgeClass.Status.ACTIVE, approval_policy__isnull=False)


def _is_for(who: Who) -> Q:
    """Badges `who` may earn: the issuer's district (or employer) is theirs, and the
    audience fits (student badges for students, educator badges for the rest)."""
    student = in_home_q(who, "issuer__organization", roles=[Membership.Role.STUDENT])
    is_student = Q(
        Exists(Membership.objects.filter(user_id=who.at(1), role=Membership.Role.STUDENT))
    )
    return (
        _takes_evidence()
        & in_home_q(who, "issuer__organization")
        & (
            (Q(audience=BadgeClass.Audience.STUDENT) & student)
            | (Q(audience=BadgeClass.Audience.EDUCATOR) & ~is_student)
        )
    )


class BadgeStartPolicy(Policy[BadgeClass]):
    """Which badges a person may open a submission toward."""

    model = BadgeClass
    rules = {
        # For themselves.
        "start_own": {
            "earner": lambda who: _is_for(who) & Q(approval_policy__allow_self_submission=True)
        },
        # May earn it (whoever starts the submission).
        "earn": {"earner": _is_for},
        # For the students in their sections: the badges a teacher may offer.
        "start_for_students": {
            "teacher": lambda who: (
                _takes_evidence()
                & Q(audience=BadgeClass.Audience.STUDENT)
                & Q(approval_policy__allow_teacher_on_behalf=True)
                & in_home_q(who, "issuer__organization", roles=[Membership.Role.TEACHER])
            )
        },
    }


submissions = SubmissionPolicy()
reviews = ReviewPolicy()
moderation_cases = ModerationCasePolicy()
rubrics = RubricPolicy()
approval_policies = ApprovalPolicyPolicy()
reviewer_groups = ReviewerGroupPolicy()
notifications = NotificationPolicy()
starts = BadgeStartPolicy()


# Predicates --------------------------------------------------------------------------------


def reviewer_kinds(user: User, submission: Submission) -> list[str]:
    """The ways `user` is routed `submission` (empty: not a reviewer of it), one query."""
    return submissions.reasons(user, "route", submission)


def can_review(user: User, submission: Submission) -> bool:
    return submissions.allows(user, "review", submission)


def reviewable(user: User):
    """Submissions `user` may review now."""
    return submissions.queryset(user, "review")


def reviewers_of(submission: Submission):
    """Everyone routed `submission` (verified, active)."""
    return submissions.users("route", submission)


def can_view_submission(user: User, submission: Submission) -> bool:
    return submissions.allows(user, "view", submission)


def can_edit_submission(user: User, submission: Submission) -> bool:
    """The earner, or the teacher who started it on their behalf, edits a draft."""
    return (
        user.is_authenticated
        and submission.status == Submission.Status.DRAFT
        and user.pk in (submission.earner_id, submission.submitted_by_id)
    )


def can_act_for_earner(user: User, submission: Submission) -> bool:
    """Submit, withdraw, revise: the earner, or the teacher who submits on their behalf.
    (In memory: the same rule as the policy's `act_for_earner`, which the tests check.)"""
    return user.is_authenticated and user.pk in (submission.earner_id, submission.submitted_by_id)


def can_start_for(actor: User, earner: User, policy: ApprovalPolicy) -> tuple[bool, str]:
    """May `actor` open a submission for `earner`? Returns (allowed, reason if not).

    Yes when the badge is one the earner may earn (their district's, for their audience)
    and either they start it themselves where the badge allows that, or a teacher of
    theirs starts it where the badge allows teachers to.
    """
    badge = policy.badge_class
    if actor.pk != earner.pk:
        # Checked first, with one answer, so nobody learns another person's role.
        if not policy.allow_teacher_on_behalf or not teaches(actor, earner):
            return (
                False,
                "You can submit only for students in your own sections, where the badge allows it.",
            )
    elif not policy.allow_self_submission:
        return False, "Earners may not submit their own evidence for this badge."
    if starts.allows(earner, "earn", badge):
        return True, ""
    if not Membership.objects.filter(user=earner, organization__in=_home_orgs(badge)).exists():
        return False, "This badge is issued by another district."
    if badge.audience == BadgeClass.Audience.STUDENT:
        return False, "This badge is for students."
    return False, "This badge is for educators."


def _home_orgs(badge: BadgeClass):
    from accounts.scopes import organizations_in_home_of

    return organizations_in_home_of(badge.issuer.organization)


def can_decide(user: User, case: ModerationCase) -> bool:
    return moderation_cases.allows(user, "decide", case)


def can_resolve(user: User, case: ModerationCase) -> bool:
    return moderation_cases.allows(user, "resolve", case)


def is_committee_member(user: User, committee: ReviewerGroup) -> bool:
    return user.is_authenticated and committee.members.filter(pk=user.pk).exists()
