"""Celery tasks for evidence: the daily digest (a reviewer's waiting queue, and the
notices of everyone who chose the digest over one e-mail per notice)."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Q

from core import notices


@shared_task
def send_notification_email(notification_id: int) -> bool:
    """Kept for messages queued before notices moved to core."""
    from core.tasks import send_notification_email as send

    return send(notification_id)


def _digest_lines(user, waiting, news) -> tuple[str, str]:
    parts, subject = [], []
    if news:
        subject.append(f"{len(news)} new notice{'s' if len(news) != 1 else ''}")
        parts.append(
            "New since your last digest:\n\n"
            + "\n".join(
                f"- {n.message} {settings.SITE_URL}{n.link}" if n.link else f"- {n.message}"
                for n in news
            )
        )
    if waiting:
        subject.append(f"{len(waiting)} submission(s) waiting for your review")
        parts.append(
            "Waiting for your review, oldest first:\n\n"
            + "\n".join(
                f"- {s.badge_class.name}: {s.earner.get_full_name()}, "
                f"submitted {s.submitted_at:%b %d}"
                for s in waiting
            )
            + f"\n\nYour queue: {settings.SITE_URL}/evidence/queue/"
        )
    return "Cairn: " + "; ".join(subject), "\n\n".join(parts) + "\n"


@shared_task
def send_reviewer_digests() -> int:
    """Once a day: one e-mail to each reviewer with something waiting (listing it) and to
    each person who chose the digest and has notices not e-mailed yet (listing them,
    then marking them e-mailed)."""
    from accounts.models import User

    from . import selectors

    reviewers = selectors.reviewers_with_queue().values("pk")
    readers = notices.digest_readers_with_news().values("pk")
    people = User.objects.filter(Q(pk__in=reviewers) | Q(pk__in=readers)).order_by("pk")
    sent = 0
    for person in people.iterator():
        if not person.email:
            continue
        waiting = list(selectors.review_queue(user=person)[:50])
        news = list(notices.digest_notices(user=person))
        if notices.email_choice_of(person) != notices.Email.DIGEST:
            news = []
        if not waiting and not news:
            continue
        subject, body = _digest_lines(person, waiting, news)
        send_mail(
            subject=subject[:150],
            message=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[person.email],
        )
        notices.mark_emailed(news)
        sent += 1
    return sent
