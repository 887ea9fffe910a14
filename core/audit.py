"""The audit trail: one writer, and the names of every consequential action.

An audit row is append-only: who acted (a user, or a named command), what they did
(an `AuditAction`), to what, and the details. Every service that changes something
that matters writes one in its transaction.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from django.db import connection, models
from django.utils import timezone

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
) -> None:
    """Append one audit row per (target, data), in one INSERT: what `audit_record`
    writes for each, for batch services (a bulk award's chunk).

    On PostgreSQL the rows go by COPY; elsewhere (and for one row) through `bulk_create`.
    """
    label = actor_name(actor, actor_label)
    value = AuditAction(action).value
    if connection.vendor == "postgresql" and len(targets) > 1:
        _insert_postgresql(actor=actor, label=label, action=value, targets=targets)
        return
    AuditEntry.objects.bulk_create(
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


def _insert_postgresql(
    *, actor: Any, label: str, action: str, targets: list[tuple[models.Model, dict[str, Any]]]
) -> None:
    """The rows `bulk_create` would write, sent with COPY … FROM STDIN (psycopg's
    C writer, in this transaction): no statement text or parameters to build and quote
    for hundreds of rows."""
    meta = AuditEntry._meta
    qn = connection.ops.quote_name
    names = ("actor", "actor_label", "action", "target_type", "target_id", "data", "created_at")
    columns = ", ".join(qn(meta.get_field(name).column) for name in names)
    encoder = meta.get_field("data").encoder
    actor_id = actor.pk if actor is not None else None
    now = timezone.now()
    copy_sql = f"COPY {qn(meta.db_table)} ({columns}) FROM STDIN"
    # Only the model's table and column names are written in; the rows are data.
    # psycopg's errors become Django's (IntegrityError …), as they do for a statement.
    with (
        connection.wrap_database_errors,
        connection.cursor() as cursor,
        cursor.cursor.copy(copy_sql) as copy,
    ):
        for target, data in targets:
            copy.write_row(
                (
                    actor_id,
                    label,
                    action,
                    target._meta.label,
                    target_key(target),
                    json.dumps(data or {}, cls=encoder),
                    now,
                )
            )
