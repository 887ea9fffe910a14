"""Assertions (one award of a badge class to one person) and their places in the
issuers' Open Badges 3.0 status lists.

An assertion names its recipient by a salted hash of an e-mail address, as Open Badges
2.0 does. Most are issued to an account (`recipient`); one awarded to an address with
no account yet has no `recipient` until someone whose verified address it is claims it
(`claimed_at`). Either way it is hosted, and verifies, from the moment it is issued.
"""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .badge_classes import BadgeClass
from .issuers import Issuer


def _salt() -> str:
    return secrets.token_hex(16)


class Assertion(models.Model):
    """One award of a badge class to one person. Revocation is recorded, never deleted."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    badge_class = models.ForeignKey(BadgeClass, on_delete=models.PROTECT, related_name="assertions")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assertions",
        help_text=_("Empty while an award to an e-mail address waits to be claimed."),
    )
    recipient_email = models.EmailField(
        help_text=_("The address hashed into the assertion at issue time.")
    )
    salt = models.CharField(max_length=64, default=_salt, editable=False)
    recipient_hash = models.CharField(max_length=100, editable=False)
    issued_on = models.DateTimeField(default=timezone.now)
    awarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assertions_awarded",
    )
    narrative = models.TextField(blank=True)
    evidence = models.JSONField(
        default=list, blank=True, help_text=_("A list of {url, narrative, name} objects.")
    )
    expires_at = models.DateTimeField(null=True, blank=True)
    is_public = models.BooleanField(
        default=False, help_text=_("Shown on the earner's public profile (opt-in).")
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    revocation_reason = models.CharField(max_length=500, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assertions_revoked",
    )
    superseded_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text=_("Set when an expired assertion is renewed by a new award."),
    )
    claimed_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text=_("When an award to an e-mail address became its verified owner's."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-issued_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["badge_class", "recipient"],
                condition=models.Q(revoked_at__isnull=True, superseded_at__isnull=True),
                name="assertion_one_current_per_recipient",
            ),
            # The same promise for awards to an address no account holds yet.
            models.UniqueConstraint(
                fields=["badge_class", "recipient_email"],
                condition=models.Q(
                    recipient__isnull=True, revoked_at__isnull=True, superseded_at__isnull=True
                ),
                name="assertion_one_current_per_unclaimed_email",
            ),
            models.CheckConstraint(
                condition=models.Q(revoked_at__isnull=True) | ~models.Q(revocation_reason=""),
                name="assertion_revocation_has_reason",
            ),
        ]
        indexes = [
            # The ordering's (the admin's list).
            models.Index(fields=["-issued_on", "-id"], name="assertion_list_order_idx"),
            # My badges (and the API's list): one recipient's, newest first, by keyset.
            models.Index(
                fields=["recipient", "-issued_on", "-id"], name="assertion_recipient_order_idx"
            ),
            # Revoked badges (few of all): an issuer's hosted revocation list and status
            # list, the console's revocations, latest first.
            models.Index(
                fields=["badge_class", "-revoked_at", "-id"],
                condition=models.Q(revoked_at__isnull=False),
                name="assertion_revoked_idx",
            ),
            models.Index(
                fields=["recipient_email"],
                condition=models.Q(recipient__isnull=True),
                name="assertion_unclaimed_email_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.badge_class} → {self.recipient_email}"

    def get_absolute_url(self) -> str:
        return reverse("ob2:assertion", kwargs={"public_id": self.public_id})

    @property
    def is_claimed(self) -> bool:
        """Does an account hold it? (False while an award to an address waits.)"""
        return self.recipient_id is not None

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def is_expired(self, now=None) -> bool:
        return self.expires_at is not None and self.expires_at <= (now or timezone.now())

    @property
    def status(self) -> str:
        if self.is_revoked:
            return "revoked"
        if self.is_expired():
            return "expired"
        return "valid"


class StatusListEntry(models.Model):
    """An assertion's place in its issuer's revocation list (W3C Bitstring Status List).

    Allocated once, in order, per issuer (`badges.services.status_lists`); the bit at `index`
    is set while the assertion is revoked. Never reused.
    """

    assertion = models.OneToOneField(
        Assertion, on_delete=models.PROTECT, related_name="status_list_entry"
    )
    issuer = models.ForeignKey(Issuer, on_delete=models.PROTECT, related_name="status_list_entries")
    index = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["issuer_id", "index"]
        verbose_name_plural = "status list entries"
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "index"], name="statuslistentry_one_index_per_issuer"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.issuer_id}/{self.index} → {self.assertion_id}"
