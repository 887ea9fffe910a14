"""Writes for accounts: profile settings."""

from __future__ import annotations

from django.db import transaction

from core.audit import AuditAction, audit_record

from .models import User


@transaction.atomic
def user_set_profile_public(*, actor: User, public: bool) -> User:
    """Opt in to (or out of) the public profile page."""
    user = User.objects.select_for_update().get(pk=actor.pk)
    user.profile_public = public
    user.save(update_fields=["profile_public"])
    audit_record(
        actor=actor, action=AuditAction.USER_PROFILE_PUBLIC, target=user, data={"public": public}
    )
    return user
