"""Withdrawing what a badge publishes — a credit agreement, an endorsement — through its
workflow (`badges.workflow`): the row is kept, its status and `withdrawn_at` record it."""

from __future__ import annotations

from typing import TypeVar

from django.db import models, transaction
from django.utils import timezone

from accounts.models import User
from core.audit import AuditAction, audit_record
from core.workflow import Workflow

W = TypeVar("W", bound=models.Model)


def withdraw(row: W, *, flow: Workflow, actor: User | None, action: AuditAction) -> W:
    """Lock `row`, move it to withdrawn through `flow` (with its history row), stamp
    `withdrawn_at` and audit `action`. One withdrawn already (a second click) is returned
    as it is. The caller checked the actor's permission."""
    withdrawn = type(row).Status.WITHDRAWN
    with transaction.atomic():
        locked = type(row)._default_manager.select_for_update().get(pk=row.pk)
        if locked.status == withdrawn:
            return locked
        locked.withdrawn_at = timezone.now()
        flow.apply(
            locked, to=withdrawn, actor=actor, now=locked.withdrawn_at, also=["withdrawn_at"]
        )
        audit_record(actor=actor, action=action, target=locked)
    return locked
