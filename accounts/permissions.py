"""Who a person is allowed to be: an account that may act, one that may approve.

Which organizations a person administers, coaches or teaches in are scopes
(`accounts.scopes`); what they may do to an object is that object's access policy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from allauth.account.models import EmailAddress
from django.db.models import Exists, OuterRef, Q

if TYPE_CHECKING:
    from .models import User


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
