"""The audit trail: one writer, and the names of every consequential action.

An audit row is append-only: who acted (a user, or a named command), what they did
(an `AuditAction`), to what, and the details. Every service that changes something
that matters writes one in its transaction.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db import models

from .models import AuditAction, AuditEntry

__all__ = ["AuditAction", "AuditEntry", "audit_record", "audit_record_many"]


def target_key(target: models.Model) -> str:
    """How audit and history rows name an object: its public UUID, else its primary key."""
    public_id = getattr(target, "public_id", None)
    return str(public_id) if isinstance(public_id, uuid.UUID) else str(target.pk)


def actor_name(actor: Any, actor_label: str = "") -> str:
    """Who acted, as written at the time: a command's label, the user's e-mail, or system."""
    label = actor_label or (f"{actor.email}" if actor is not None else "system")
    return label[:200]


def audit_record(
    *,
    actor: Any,
    action: AuditAction,
    target: models.Model,
    data: dict[str, Any] | None = None,
    actor_label: str = "",
) -> AuditEntry:
    """Append an audit row. `actor` is a user or None; `actor_label` names a non-user
    actor (a command). An action that is not an `AuditAction` is refused."""
    return AuditEntry.objects.create(
        actor=actor,
        actor_label=actor_name(actor, actor_label),
        action=AuditAction(action).value,
        target_type=target._meta.label,
        target_id=target_key(target),
        data=data or {},
    )


def audit_record_many(
    *,
    actor: Any,
    action: AuditAction,
    targets: list[tuple[models.Model, dict[str, Any]]],
    actor_label: str = "",
) -> list[AuditEntry]:
    """Append one audit row per (target, data), in one INSERT: what `audit_record`
    writes for each, for batch services (a bulk award's chunk)."""
    label = actor_name(actor, actor_label)
    value = AuditAction(action).value
    return AuditEntry.objects.bulk_create(
        [
            AuditEntry(
                actor=actor,
                actor_label=label,
                action=value,
                target_type=target._meta.label,
                target_id=target_key(target),
                data=data or {},
            )
            for target, data in targets
        ]
    )
