"""Celery tasks every app uses: a notice by e-mail (see `core.notices`)."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone


@shared_task
def send_notification_email(notification_id: int) -> bool:
    """E-mail one notice to its addressee (once: a notice already e-mailed is skipped)."""
    from .models import Notification

    note = Notification.objects.select_related("user").filter(pk=notification_id).first()
    if note is None or note.emailed_at is not None or not note.user.email:
        return False
    link = f"{settings.SITE_URL}{note.link}" if note.link else settings.SITE_URL
    send_mail(
        subject=f"Cairn: {note.message}"[:150],
        message=f"{note.message}\n\nOpen it in Cairn: {link}\n",
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[note.user.email],
    )
    Notification.objects.filter(pk=note.pk).update(emailed_at=timezone.now())
    return True
