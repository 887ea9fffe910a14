"""Credit agreements: a college (or a CTE program) grants credit for a badge."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization

from .badge_classes import BadgeClass


class CreditAgreement(models.Model):
    """A college (or a CTE program) agrees that a badge is worth credits. An agreement on a
    pathway is on the pathway's badge, which is what its completers hold."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    institution = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="credit_agreements",
        limit_choices_to={"kind": "college"},
        help_text=_("The college granting the credit."),
    )
    program_name = models.CharField(
        max_length=200, blank=True, help_text=_("Or the CTE program granting it.")
    )
    badge_class = models.ForeignKey(
        BadgeClass,
        on_delete=models.PROTECT,
        related_name="credit_agreements",
        help_text=_("The badge worth the credit (for a pathway: the pathway's badge)."),
    )
    course_code = models.CharField(max_length=50)
    course_title = models.CharField(max_length=200, blank=True)
    credits = models.DecimalField(max_digits=5, decimal_places=2)
    effective_from = models.DateField()
    signed_by_name = models.CharField(max_length=200)
    signed_by_title = models.CharField(max_length=200)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="credit_agreements_recorded",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-effective_from", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(institution__isnull=False) | ~models.Q(program_name=""),
                name="creditagreement_has_party",
            ),
            models.CheckConstraint(
                condition=models.Q(credits__gt=0), name="creditagreement_credits_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.summary

    @property
    def party_name(self) -> str:
        return self.institution.name if self.institution_id else self.program_name

    @property
    def credits_label(self) -> str:
        n = f"{self.credits.normalize():f}"
        return f"{n} credit" if self.credits == 1 else f"{n} credits"

    @property
    def summary(self) -> str:
        """'Equals 3 credits of WELD 101 at College of Western Idaho, agreed 2026-01-15,
        signed off by Dr. Ana Ruiz (Dean of Workforce Programs)'."""
        return (
            f"Equals {self.credits_label} of {self.course_code} at {self.party_name}, "
            f"agreed {self.effective_from.isoformat()}, signed off by {self.signed_by_name}"
            + (f" ({self.signed_by_title})" if self.signed_by_title else "")
        )
