"""Who looks after a district's identity providers: its admins (and superusers).

One policy, asked by the console pages, the Django admin and the menu alike.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from core.policies import Policy

from ..models import IdentityProvider, Membership, Organization, User
from ..scopes import administered_q


class IdentityProviderPolicy(Policy[IdentityProvider]):
    """A district's identity providers: the district's admins administer them."""

    model = IdentityProvider
    rules = {"administer": {"district admin": lambda who: administered_q(who, "district")}}
    superuser_actions = frozenset({"administer"})


identity_providers = IdentityProviderPolicy()


def administers_sign_in_q() -> Q:
    """Users (a `Q` over users) who look after some district's sign-in, providers added
    or not yet: a district's admins, and superusers. The console page opens for them and
    the menu shows it; which providers each sees is the policy's answer."""
    district_admin = Membership.objects.filter(
        user=OuterRef("pk"),
        role=Membership.Role.ADMIN,
        organization__kind=Organization.Kind.DISTRICT,
    )
    return Q(is_active=True) & (Q(is_superuser=True) | Q(Exists(district_admin)))


def administers_sign_in(user: User) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return User.objects.filter(administers_sign_in_q(), pk=user.pk).exists()
