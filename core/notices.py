"""In-app notices, and how they reach people by e-mail.

Every app tells people things through `notify` (one person) or `notify_all` (several):
the notice is written at once, and the e-mail goes out after the transaction commits,
through Celery — straight away, or in the person's daily digest if they chose it
(`NoticePreference`). The digest itself is sent by the daily task in `evidence.tasks`,
which adds the reviewer's waiting queue to the same e-mail.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from .audit import AuditAction, audit_record
from .errors import ServiceError
from .models import NoticePreference, Notification

Email = NoticePreference.Email
DIGEST_LIMIT = 50


class NoticeError(ServiceError):
    code = "notice_refused"


@dataclass(frozen=True)
class Told:
    """Who a `notify_all` reached: e-mailed now, or waiting for their digest."""

    immediate: int = 0
    digest: int = 0

    @property
    def people(self) -> int:
        return self.immediate + self.digest


def email_choice_of(user: Any) -> str:
    """`immediate` or `digest` (no row: immediate)."""
    found = NoticePreference.objects.filter(user_id=user.pk).values_list("email", flat=True)
    return next(iter(found), Email.IMMEDIATE)


def notify(*, user: Any, message: str, link: str = "") -> Notification:
    """Tell `user`: an in-app notice now, and an e-mail after commit (or in their digest)."""
    return _write([user], message=message, link=link, digest_ids=None)[0]


def notify_all(*, users: Iterable[Any], message: str, link: str = "") -> Told:
    """Tell each of `users` (once each) the same news; how many were e-mailed now and
    how many will read it in their digest. Two queries, whatever the number."""
    people = {u.pk: u for u in users}
    if not people:
        return Told()
    digest_ids = set(
        NoticePreference.objects.filter(user_id__in=people, email=Email.DIGEST).values_list(
            "user_id", flat=True
        )
    )
    _write(list(people.values()), message=message, link=link, digest_ids=digest_ids)
    return Told(immediate=len(people) - len(digest_ids), digest=len(digest_ids))


def _write(users: list[Any], *, message: str, link: str, digest_ids: set[int] | None):
    if digest_ids is None:
        digest_ids = {u.pk for u in users if email_choice_of(u) == Email.DIGEST}
    from . import tasks

    notes = []
    for user in users:
        note = Notification.objects.create(user=user, message=message[:300], link=link[:300])
        notes.append(note)
        if user.pk not in digest_ids:
            transaction.on_commit(lambda pk=note.pk: tasks.send_notification_email.delay(pk))
    return notes


def notice_preference_set(*, actor: Any, email: str) -> NoticePreference:
    """The signed-in person chooses how their notices are e-mailed."""
    if email not in Email.values:
        raise NoticeError("Choose straight away or the daily digest.")
    with transaction.atomic():
        pref, _ = NoticePreference.objects.select_for_update().get_or_create(user=actor)
        if pref.email != email:
            before = pref.email
            pref.email = email
            pref.updated_at = timezone.now()
            pref.save(update_fields=["email", "updated_at"])
            audit_record(
                actor=actor,
                action=AuditAction.NOTICE_PREFERENCE_SET,
                target=pref,
                data={"from": before, "to": email},
            )
    return pref


# The digest ------------------------------------------------------------------------


def digest_notices(*, user: Any) -> QuerySet[Notification]:
    """A digest reader's notices not e-mailed yet, oldest first (at most DIGEST_LIMIT)."""
    return Notification.objects.filter(user_id=user.pk, emailed_at__isnull=True).order_by(
        "created_at", "pk"
    )[:DIGEST_LIMIT]


def digest_readers_with_news() -> QuerySet[Any]:
    """People who chose the digest and have a notice not e-mailed yet."""
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            notice_preference__email=Email.DIGEST,
            notifications__emailed_at__isnull=True,
        )
        .distinct()
    )


def mark_emailed(notes: Iterable[Notification]) -> None:
    Notification.objects.filter(pk__in=[n.pk for n in notes]).update(emailed_at=timezone.now())
