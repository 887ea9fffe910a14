"""Who may do what with badges. Pure predicates; every rule has an allowed and a denied test."""

from __future__ import annotations

from typing import TYPE_CHECKING

from accounts.permissions import is_district_admin

if TYPE_CHECKING:
    from accounts.models import User

    from .models import Assertion, BadgeClass, Issuer


def can_award(user: User, issuer: Issuer) -> bool:
    """District admins of the issuer's organization (or its district) award for it."""
    return is_district_admin(user, issuer.organization)


def can_revoke(user: User, assertion: Assertion) -> bool:
    return can_award(user, assertion.badge_class.issuer)


def can_manage_badge_class(user: User, badge_class: BadgeClass) -> bool:
    return can_award(user, badge_class.issuer)


def can_view_assertion_owner_page(user: User, assertion: Assertion) -> bool:
    """The earner manages their own assertion (downloads, public switch)."""
    return user.is_authenticated and assertion.recipient_id == user.pk


def can_see_recipient_name(user: User, assertion: Assertion) -> bool:
    """A hosted assertion's page names its earner only when the earner made it public,
    to the earner themself, or to an admin who may revoke it."""
    if assertion.is_public:
        return True
    if not user.is_authenticated:
        return False
    return assertion.recipient_id == user.pk or can_revoke(user, assertion)


def can_rotate_signing_key(user: User, issuer: Issuer | None) -> bool:
    """An issuer's admins rotate its Open Badges 3.0 signing key; only superusers rotate
    Cairn's own key (issuer None), which signs learner records."""
    if issuer is None:
        return user.is_authenticated and user.is_active and user.is_superuser
    return can_award(user, issuer)
