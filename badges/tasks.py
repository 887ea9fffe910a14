"""Celery tasks for badges: the invitation e-mail of an award to an address with no
account yet (queued by `pathways.services.assertion_award_to_email` once its
transaction commits)."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse

from accounts import invitations


@shared_task
def send_award_invitation(assertion_id: int) -> bool:
    """E-mail the address an unclaimed award names: the hosted badge, and how to make it
    theirs. Nothing is sent once it is claimed or revoked."""
    from . import hosting
    from .models import Assertion

    assertion = (
        Assertion.objects.select_related("badge_class__issuer")
        .filter(pk=assertion_id, recipient__isnull=True, revoked_at__isnull=True)
        .first()
    )
    if assertion is None:
        return False
    email = assertion.recipient_email
    context = {
        "assertion": assertion,
        "badge_class": assertion.badge_class,
        "issuer": assertion.badge_class.issuer,
        "email": email,
        "hosted_url": hosting.assertion_url(assertion),
        "signup_url": invitations.signup_url(email),
        "email_page_url": f"{settings.SITE_URL}{reverse('account_email')}",
    }
    subject = render_to_string("badges/email/award_invitation_subject.txt", context)
    send_mail(
        subject=" ".join(subject.split())[:150],
        message=render_to_string("badges/email/award_invitation_body.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[email],
    )
    return True
