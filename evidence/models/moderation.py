"""Moderation of sampled approvals. (In-app notices are `core.models.Notification`.)"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .policies import ReviewerGroup
from .submissions import Submission


class ModerationCase(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the committee")
        CONFIRMED = "confirmed", _("Confirmed")
        FLAGGED = "flagged", _("Flagged")
        RESOLVED = "resolved", _("Resolved by an admin")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    submission = models.OneToOneField(
        Submission, on_delete=models.CASCADE, related_name="moderation"
    )
    committee = models.ForeignKey(
        ReviewerGroup, on_delete=models.PROTECT, related_name="moderation_cases"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="moderation_decisions",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Moderation of {self.submission_id}: {self.status}"
