"""In-app notices (each also e-mailed, by a task after commit)."""

from __future__ import annotations

from django.utils import timezone

from accounts.models import User
from core.errors import Forbidden
from core.models import Notification


def notification_mark_read(*, actor: User, notification: Notification) -> Notification:
    if notification.user_id != actor.pk:
        raise Forbidden("Not your notification.")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification
