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

from .models import Membership, Organization, Placement, ProfileRequest, Section, User
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


def decides_profile_requests_q() -> Q:
    """Users (a `Q` over users) who decide minors' profile requests somewhere, asked or
    not yet: an admin of a district (whose students may ask) and a superuser. The
    requests page opens for them, and the menu shows it."""
    district_admin = Membership.objects.filter(
        user=OuterRef("pk"),
        role=Membership.Role.ADMIN,
        organization__kind=Organization.Kind.DISTRICT,
    )
    return Q(is_active=True) & (Q(is_superuser=True) | Q(Exists(district_admin)))


def decides_profile_requests(user: User) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return User.objects.filter(decides_profile_requests_q(), pk=user.pk).exists()


class ProfileRequestPolicy(Policy[ProfileRequest]):
    """A minor's request for a public profile: the admins of the student's district
    decide it (superusers too, and they alone decide one with no district); the
    student sees and withdraws their own."""

    model = ProfileRequest
    rules = {
        "decide": {
            "district admin": lambda who: (
                Q(district__isnull=False) & administered_q(who, "district")
            )
        },
        "own": {"student": lambda who: Q(user_id=who.at())},
    }
    superuser_actions = frozenset({"decide"})


people = PersonPolicy()
organizations = OrganizationPolicy()
memberships = MembershipPolicy()
sections = SectionPolicy()
placements = PlacementPolicy()
profile_requests = ProfileRequestPolicy()
