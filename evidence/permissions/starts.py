"""Which badges a person may open a submission toward, and the check with its reasons."""

from __future__ import annotations

from django.db.models import Exists, Q

from accounts.models import Membership, User
from accounts.scopes import in_home_q, organizations_in_home_of, teaches
from badges.models import BadgeClass
from core.policies import Policy, Who

from ..models import ApprovalPolicy


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


starts = BadgeStartPolicy()


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
    return organizations_in_home_of(badge.issuer.organization)
