"""Reviewer routing: the ways a person may be routed a submission, one rule per
`ReviewerKind` (see the package docstring). Apps above evidence contribute the
relations they own the data of (coaching: the caseload) with `register_reviewer_route`.

Each rule is written so PostgreSQL can drive it from an index when the policy answers
as a UNION of branches (`core.policies`, `union_actions`): a condition on the badge is
`badge_class_id IN (a small query over approval policies or badge classes)`, a
condition on the earner is `earner_id IN (the people on my caseload, in my sections, …)`,
never a subquery correlated on every submission row unless a small set drives it."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from django.db.models import Exists, OuterRef, Q

from accounts.models import Section, User
from accounts.permissions import approver_q
from accounts.scopes import administered_q, placed_with_q
from badges.models import BadgeClass, CurriculumLink
from core.policies import NOTHING, Rule, Who, any_of

from ..models import ApprovalPolicy, ReviewerGroup, ReviewerKind, Submission

REVIEWABLE = Q(status__in=Submission.REVIEWABLE_STATUSES)
ISSUER_ORG = "badge_class__issuer__organization"


# kind -> (who, earner field, depth) -> Q: "rows whose user at `field` this reviewer may
# review as `kind`". Apps above evidence contribute the routes they own the data of.
_CONTRIBUTED_ROUTES: dict[str, Callable[..., Q]] = {}


def register_reviewer_route(kind: str, relation: Callable[..., Q]) -> None:
    """Let an app above evidence supply the relation behind a reviewer kind (coaching:
    "teachers on my current caseload"). Called once, from that app's `ready()`."""
    if kind not in ReviewerKind.values:
        raise ValueError(f"Unknown reviewer kind {kind!r}.")
    _CONTRIBUTED_ROUTES[kind] = relation


def is_approver(who: Who) -> Q:
    return Q(Exists(User.objects.filter(approver_q(), pk=who.at(1))))


def not_own(who: Who) -> Q:
    return ~Q(earner_id=who.at(0)) & ~Q(submitted_by_id=who.at(0))


def policy_allows(flag: str) -> Q:
    """Submissions whose badge's approval policy has `flag` (`allow_coach`) on."""
    return Q(
        badge_class_id__in=ApprovalPolicy.objects.filter(**{flag: True}).values("badge_class_id")
    )


def issuer_administered_q(who: Who) -> Q:
    """Submissions of badges whose issuer's organization the user administers."""
    administered = BadgeClass.objects.filter(
        administered_q(who, "issuer__organization", depth=1)
    ).values("pk")
    return Q(badge_class_id__in=administered)


def linked_sections_q(who: Who, *, depth: int = 0) -> Q:
    """Submissions whose earner sits in one of the user's sections, where that section
    (or its course, or its subject) is linked to the submission's badge and is at a
    school of the issuer's district. (The earner IN the students of my sections drives
    it from an index; the correlated check then runs on those rows only.)"""
    taught = Section.students.through.objects.filter(section__teachers=who.at(depth + 1)).values(
        "user_id"
    )
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
    return Q(earner_id__in=taught) & Q(Exists(sections))


def _section_teacher(who: Who) -> Q:
    return policy_allows("allow_section_teacher") & linked_sections_q(who)


def _coach(who: Who) -> Q:
    relation = _CONTRIBUTED_ROUTES.get(ReviewerKind.COACH)
    if relation is None:
        return NOTHING
    return policy_allows("allow_coach") & relation(who, "earner_id", depth=0)


def _mentor(who: Who) -> Q:
    return policy_allows("allow_mentor") & placed_with_q(who, "earner_id", as_="mentor")


def _supervisor(who: Who) -> Q:
    return policy_allows("allow_supervisor") & placed_with_q(who, "earner_id", as_="supervisor")


def _group(who: Who) -> Q:
    groups = ReviewerGroup.members.through.objects.filter(user_id=who.at(2)).values(
        "reviewergroup_id"
    )
    policies = ApprovalPolicy.objects.filter(reviewer_group_id__in=groups)
    return Q(badge_class_id__in=policies.values("badge_class_id"))


def _admin(who: Who) -> Q:
    superuser = Q(Exists(User.objects.filter(pk=who.at(1), is_superuser=True)))
    return policy_allows("allow_admin") & (issuer_administered_q(who) | superuser)


ROUTES: Mapping[str, Rule] = {
    ReviewerKind.SECTION_TEACHER: _section_teacher,
    ReviewerKind.COACH: _coach,
    ReviewerKind.MENTOR: _mentor,
    ReviewerKind.SUPERVISOR: _supervisor,
    ReviewerKind.GROUP: _group,
    ReviewerKind.ADMIN: _admin,
}


def routed(who: Who) -> Q:
    return any_of(route(who) for route in ROUTES.values()) & not_own(who)


def guarded(route: Rule, *, reviewable: bool) -> Rule:
    def rule(who: Who) -> Q:
        q = route(who) & not_own(who)
        return q & REVIEWABLE if reviewable else q

    return rule
