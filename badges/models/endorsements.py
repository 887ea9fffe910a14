"""Endorsements: an employer or industry association vouches for a badge class."""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization

from .badge_classes import BadgeClass
from .issuers import Issuer


class Endorsement(models.Model):
    """An employer or industry association vouches for a badge class (Open Badges 2.0)."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    badge_class = models.ForeignKey(
        BadgeClass, on_delete=models.PROTECT, related_name="endorsements"
    )
    endorser = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="endorsements_given"
    )
    issuer = models.ForeignKey(
        Issuer,
        on_delete=models.PROTECT,
        related_name="endorsements",
        help_text=_("The endorser's Open Badges profile, named as the endorsement's issuer."),
    )
    comment = models.TextField()
    endorsed_on = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="endorsements_recorded",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-endorsed_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["badge_class", "endorser"],
                condition=models.Q(status="active"),
                name="endorsement_one_active_per_endorser",
            )
        ]

    def __str__(self) -> str:
        return f"{self.endorser} endorses {self.badge_class}"

    def get_absolute_url(self) -> str:
        return reverse("ob2:endorsement", kwargs={"public_id": self.public_id})
