"""Celery tasks for evidence: notices by e-mail and the reviewers' daily digest."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail


@shared_task
def send_notification_email(notification_id: int) -> bool:
    from .models import Notification

    note = Notification.objects.select_related("user").filter(pk=notification_id).first()
    if note is None or not note.user.email:
        return False
    link = f"{settings.SITE_URL}{note.link}" if note.link else settings.SITE_URL
    send_mail(
        subject=f"Cairn: {note.message}"[:150],
        message=f"{note.message}\n\nOpen it in Cairn: {link}\n",
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[note.user.email],
    )
    return True


@shared_task
def send_reviewer_digests() -> int:
    """Once a day: each reviewer with something waiting gets one e-mail listing it."""
    from . import selectors

    sent = 0
    for reviewer in selectors.reviewers_with_queue().iterator():
        waiting = list(selectors.review_queue(user=reviewer)[:50])
        if not waiting:
            continue
        lines = [
            f"- {s.badge_class.name}: {s.earner.get_full_name()}, submitted {s.submitted_at:%b %d}"
            for s in waiting
        ]
        send_mail(
            subject=f"Cairn: {len(waiting)} submission(s) waiting for your review",
            message="Waiting for your review, oldest first:\n\n"
            + "\n".join(lines)
            + f"\n\nYour queue: {settings.SITE_URL}/evidence/queue/\n",
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[reviewer.email],
        )
        sent += 1
    return sent
