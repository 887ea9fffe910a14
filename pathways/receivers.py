"""Signal receivers: awards to an e-mail address become its owner's.

allauth says when someone confirms an address (`email_confirmed`) and Django when
someone signs in (`user_logged_in`, which allauth's sign-in and the Django admin's both
send). Each hook only calls the service `pathways.services.assertion_claim_for`, which
claims awards to the person's *verified* addresses only and is safe to call again.
They live here, not in `accounts.adapters`, because accounts may not import the award
door (see the app layers in the README).
"""

from __future__ import annotations

import logging
from typing import Any

from allauth.account.signals import email_confirmed
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from .services import assertion_claim_for

logger = logging.getLogger(__name__)


def _claim(user: Any) -> None:
    try:
        assertion_claim_for(user=user)
    except Exception:  # never stop a sign-in; the next sign-in claims again
        logger.exception("Claiming badges for user %s failed", getattr(user, "pk", None))


@receiver(email_confirmed, dispatch_uid="pathways.claim_on_email_confirmed")
def claim_on_email_confirmed(sender: Any, request: Any, email_address: Any, **kwargs: Any) -> None:
    _claim(email_address.user)


@receiver(user_logged_in, dispatch_uid="pathways.claim_on_login")
def claim_on_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    _claim(user)
