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

from collections.abc import Iterable

from django.db.models import Exists, OuterRef, Q

from accounts.models import User
from accounts.permissions import approver_q
from accounts.scopes import administered_q, organizations_administered
from badges import permissions as badge_permissions
from badges.models import BadgeClass
from core.models import Notification
from core.policies import Policy, Who, any_of

from ..models import (
    ApprovalPolicy,
    ModerationCase,
    Review,
    ReviewerGroup,
    Rubric,
    Submission,
)
from .routes import (
    ISSUER_ORG,
    ROUTES,
    guarded,
    is_approver,
    issuer_administered_q,
    linked_sections_q,
    register_reviewer_route,
    routed,
)
from .starts import BadgeStartPolicy, can_start_for, starts

__all__ = [
    "ROUTES",
    "BadgeStartPolicy",
    "can_start_for",
    "register_reviewer_route",
    "starts",
]


class SubmissionPolicy(Policy[Submission]):
    model = Submission
    # The queue (`review`, `route`) as a UNION: a reviewer's few thousand rows found from
    # indexes. `view` too, except for an issuer's admin (`prefers_union`).
    union_actions = frozenset({"review", "route"})
    rules = {
        "route": {str(k): guarded(r, reviewable=False) for k, r in ROUTES.items()},
        "review": {str(k): guarded(r, reviewable=True) for k, r in ROUTES.items()},
        # Cheap, hashed branches first: PostgreSQL tries an OR's arms in the order written
        # and stops at the first true one, so an admin's rows never reach the correlated
        # section-teacher test (the Django admin's count of 10,000 rows: 104 -> ms).
        "view": {
            "issuer admin": lambda who: issuer_administered_q(who),
            "earner": lambda who: Q(earner_id=who.at(0)),
            "submitted for them": lambda who: Q(submitted_by_id=who.at(0)),
            "routed reviewer": lambda who: (
                routed(who) & ~Q(status=Submission.Status.DRAFT) & is_approver(who)
            ),
            "linked section teacher": lambda who: linked_sections_q(who),
            "reviewed it": lambda who: Q(
                pk__in=Review.objects.filter(reviewer=who.at(1)).values("submission_id")
            ),
            "moderation committee": lambda who: Q(
                pk__in=ModerationCase.objects.filter(committee__members=who.at(1)).values(
                    "submission_id"
                )
            ),
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

    def prefers_union(self, user: User, action: str) -> bool:
        """`view` as a UNION for everyone but an issuer's admin. A teacher, a reviewer
        or an earner sees a few thousand of the table's rows: the UNION finds them from
        indexes, where one OR walks the list's index past every row they may not see
        (2.3 s for the last page of a teacher's 5,000 among 500,000). An issuer's admin
        may see most of the table: one OR read in the index's order stops after a page,
        where the UNION would gather every key first."""
        if action == "view":
            administered = BadgeClass.objects.filter(administered_q(user, "issuer__organization"))
            return not administered.exists()
        return super().prefers_union(user, action)


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


submissions = SubmissionPolicy()
reviews = ReviewPolicy()
moderation_cases = ModerationCasePolicy()
rubrics = RubricPolicy()
approval_policies = ApprovalPolicyPolicy()
reviewer_groups = ReviewerGroupPolicy()
notifications = NotificationPolicy()


# Predicates --------------------------------------------------------------------------------


def reviewer_kinds(user: User, submission: Submission) -> list[str]:
    """The ways `user` is routed `submission` (empty: not a reviewer of it), one query."""
    return submissions.reasons(user, "route", submission)


def can_review(user: User, submission: Submission) -> bool:
    return submissions.allows(user, "review", submission)


def reviewable(user: User):
    """Submissions `user` may review now."""
    return submissions.queryset(user, "review")


def reviewers_of(submission: Submission, *, kinds: Iterable[str] | None = None):
    """Everyone routed `submission` (verified, active); with `kinds`, only those routed
    it as one of those reviewer kinds (the same rules, fewer of them)."""
    if kinds is None:
        return submissions.users("route", submission)
    rules = submissions.rules_for("route")
    chosen = [rules[k] for k in kinds if k in rules]
    if not chosen:
        return User.objects.none()
    inner = Submission.objects.filter(pk=submission.pk).filter(
        any_of(rule(Who(None)) for rule in chosen)
    )
    return User.objects.filter(submissions.actor_q("route")).filter(Exists(inner))


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


def can_decide(user: User, case: ModerationCase) -> bool:
    return moderation_cases.allows(user, "decide", case)


def can_resolve(user: User, case: ModerationCase) -> bool:
    return moderation_cases.allows(user, "resolve", case)


def is_committee_member(user: User, committee: ReviewerGroup) -> bool:
    return user.is_authenticated and committee.members.filter(pk=user.pk).exists()


def can_keep_approval_policies(user: User) -> bool:
    """The console's approval-policy pages: for those who manage a policy, or a badge
    that could have one."""
    return approval_policies.exists_for(
        user, "manage"
    ) or badge_permissions.badge_classes.exists_for(user, "manage")


def can_keep_rubrics(user: User) -> bool:
    """The console's rubric pages: for those who manage a rubric, or administer an
    organization that could keep one."""
    if not user.is_authenticated or not user.is_active:
        return False
    return (
        user.is_superuser
        or rubrics.exists_for(user, "manage")
        or organizations_administered(user).exists()
    )
