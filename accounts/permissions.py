"""Who a person is allowed to be: an account that may act, one that may approve; and
who looks after the roster (people, organizations, memberships, sections,
placements): the organizations' admins.

Which organizations a person administers, coaches or teaches in are scopes
(`accounts.scopes`); what they may do to an object is that object's access policy.
"""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.db.models import Exists, OuterRef, Q

from core.policies import Policy, Who

from .models import Membership, Organization, Placement, Section, User
from .scopes import administered_q


def verified_email_q() -> Q:
    """Users (a `Q` over the user model) whose sign-in address is verified."""
    return Q(
        Exists(
            EmailAddress.objects.filter(
                user=OuterRef("pk"), email__iexact=OuterRef("email"), verified=True
            )
        )
    )


def approver_q() -> Q:
    """Users who may approve evidence: active, with a verified e-mail address."""
    return Q(is_active=True) & verified_email_q()


def has_verified_email(user: User) -> bool:
    if not user.is_authenticated:
        return False
    return EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True).exists()


def can_be_approver(user: User) -> bool:
    """Approving evidence needs an active account with a verified e-mail address."""
    return user.is_authenticated and user.is_active and has_verified_email(user)


# Access policies for the roster (people, organizations, memberships, sections,
# placements): an organization's admins look after its roster; superusers after all.


def _member_of_administered_q(who: Who, field: str = "pk") -> Q:
    """Users (at `field`) with a membership in an organization `who` administers."""
    return Q(
        Exists(
            Membership.objects.filter(
                administered_q(who, "organization", depth=1), user_id=OuterRef(field)
            )
        )
    )


class PersonPolicy(Policy[User]):
    """People, as their organizations' admins see them: everyone with a membership in
    an organization the admin administers (a district's admins: its schools' too)."""

    model = User
    rules = {"administer": {"admin": lambda who: _member_of_administered_q(who)}}
    superuser_actions = frozenset({"administer"})


class OrganizationPolicy(Policy[Organization]):
    model = Organization
    rules = {"administer": {"admin": lambda who: administered_q(who)}}
    superuser_actions = frozenset({"administer"})


class MembershipPolicy(Policy[Membership]):
    model = Membership
    rules = {"administer": {"admin": lambda who: administered_q(who, "organization")}}
    superuser_actions = frozenset({"administer"})


class SectionPolicy(Policy[Section]):
    model = Section
    rules = {"administer": {"admin": lambda who: administered_q(who, "school")}}
    superuser_actions = frozenset({"administer"})


class PlacementPolicy(Policy[Placement]):
    """A placement is the student's district's and the host organization's."""

    model = Placement
    rules = {
        "administer": {
            "student's admin": lambda who: _member_of_administered_q(who, "student_id"),
            "host admin": lambda who: administered_q(who, "organization"),
        }
    }
    superuser_actions = frozenset({"administer"})


people = PersonPolicy()
organizations = OrganizationPolicy()
memberships = MembershipPolicy()
sections = SectionPolicy()
placements = PlacementPolicy()
