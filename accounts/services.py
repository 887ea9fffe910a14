"""Writes for accounts: the audit trail and profile settings."""

from __future__ import annotations

import uuid
from typing import Any

from django.db import models, transaction

from .models import AuditEntry, User


def audit_record(
    *,
    actor: User | None,
    action: str,
    target: models.Model,
    data: dict[str, Any] | None = None,
    actor_label: str = "",
) -> AuditEntry:
    """Append an audit row. `actor_label` names a non-user actor (a command)."""
    public_id = getattr(target, "public_id", None)
    target_id = str(public_id) if isinstance(public_id, uuid.UUID) else str(target.pk)
    label = actor_label or (f"{actor.email}" if actor is not None else "system")
    return AuditEntry.objects.create(
        actor=actor,
        actor_label=label[:200],
        action=action,
        target_type=target._meta.label,
        target_id=target_id,
        data=data or {},
    )


@transaction.atomic
def user_set_profile_public(*, actor: User, public: bool) -> User:
    """Opt in to (or out of) the public profile page."""
    user = User.objects.select_for_update().get(pk=actor.pk)
    user.profile_public = public
    user.save(update_fields=["profile_public"])
    audit_record(actor=actor, action="user.profile_public", target=user, data={"public": public})
    return user
