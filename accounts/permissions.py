"""Pure predicates about people and organizations. One place, no side effects."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import Organization, User


def district_of(org: Organization) -> int | None:
    """The primary key of the district an organization belongs to, if any."""
    return org.district_id


def is_district_admin(user: User, org: Organization) -> bool:
    """An admin of the district that `org` is (or belongs to). Superusers always are."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    from .models import Membership

    orgs = {org.pk}
    district = district_of(org)
    if district is not None:
        orgs.add(district)
    return Membership.objects.filter(
        user=user, role=Membership.Role.ADMIN, organization_id__in=orgs
    ).exists()


def has_verified_email(user: User) -> bool:
    if not user.is_authenticated:
        return False
    from allauth.account.models import EmailAddress

    return EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True).exists()


def can_be_approver(user: User) -> bool:
    """Approving evidence needs an active account with a verified e-mail address."""
    return user.is_authenticated and user.is_active and has_verified_email(user)
