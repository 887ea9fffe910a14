"""Issuers, badge classes and assertions (Open Badges 2.0 hosted)."""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization
from competencies.models import Competency


def _salt() -> str:
    return secrets.token_hex(16)


def badge_image_path(instance: "BadgeClass", filename: str) -> str:
    ext = "svg" if filename.lower().endswith(".svg") else "png"
    return f"badges/{instance.public_id}/{secrets.token_hex(6)}.{ext}"


class Issuer(models.Model):
    """An organization's issuing profile (Open Badges Profile)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="issuers")
    name = models.CharField(max_length=200)
    url = models.URLField(help_text=_("The issuer's public web site."))
    email = models.EmailField()
    description = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("ob2:issuer", kwargs={"public_id": self.public_id})


class BadgeClass(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ACTIVE = "active", _("Active")
        ARCHIVED = "archived", _("Archived")

    class Audience(models.TextChoices):
        EDUCATOR = "educator", _("Educators")
        STUDENT = "student", _("Students")

    class ImageType(models.TextChoices):
        PNG = "png", "PNG"
        SVG = "svg", "SVG"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    slug = models.SlugField(max_length=100, unique=True)
    issuer = models.ForeignKey(Issuer, on_delete=models.PROTECT, related_name="badge_classes")
    name = models.CharField(max_length=200)
    description = models.TextField()
    image = models.FileField(upload_to=badge_image_path, max_length=300)
    image_type = models.CharField(max_length=3, choices=ImageType.choices)
    criteria_narrative = models.TextField(help_text=_("What an earner must show."))
    criteria_url = models.URLField(blank=True)
    alignments = models.ManyToManyField(Competency, blank=True, related_name="badge_classes")
    tags = models.JSONField(default=list, blank=True)
    audience = models.CharField(max_length=10, choices=Audience.choices)
    credit_institution = models.CharField(max_length=200, blank=True)
    credit_hours = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    credit_course_code = models.CharField(max_length=50, blank=True)
    cte_competency = models.ForeignKey(
        Competency,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cte_badge_classes",
        help_text=_("A CTE program competency this badge is equivalent to."),
    )
    valid_for_days = models.PositiveIntegerField(
        null=True, blank=True, help_text=_("Assertions expire this many days after issue.")
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "badge classes"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(credit_hours__isnull=True) | models.Q(credit_hours__gt=0),
                name="badgeclass_credit_hours_positive",
            ),
            models.CheckConstraint(
                condition=models.Q(valid_for_days__isnull=True) | models.Q(valid_for_days__gt=0),
                name="badgeclass_validity_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("ob2:badgeclass", kwargs={"public_id": self.public_id})

    @property
    def credit_summary(self) -> str:
        """One line for people: 'Equals 3 credits of WELD 101 at College of Western Idaho'."""
        if self.credit_institution and self.credit_hours:
            course = f" of {self.credit_course_code}" if self.credit_course_code else ""
            hours = f"{self.credit_hours.normalize():f}"
            unit = "credit" if self.credit_hours == 1 else "credits"
            return f"Equals {hours} {unit}{course} at {self.credit_institution}"
        if self.cte_competency_id and self.cte_competency:
            comp = self.cte_competency
            return f"Equals CTE competency {comp.code}: {comp.statement}".strip()
        return ""


class Assertion(models.Model):
    """One award of a badge class to one person. Revocation is recorded, never deleted."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    badge_class = models.ForeignKey(BadgeClass, on_delete=models.PROTECT, related_name="assertions")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assertions"
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
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-issued_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["badge_class", "recipient"],
                condition=models.Q(revoked_at__isnull=True, superseded_at__isnull=True),
                name="assertion_one_current_per_recipient",
            ),
            models.CheckConstraint(
                condition=models.Q(revoked_at__isnull=True) | ~models.Q(revocation_reason=""),
                name="assertion_revocation_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["recipient", "-issued_on"], name="assertion_recipient_idx")]

    def __str__(self) -> str:
        return f"{self.badge_class} → {self.recipient_email}"

    def get_absolute_url(self) -> str:
        return reverse("ob2:assertion", kwargs={"public_id": self.public_id})

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
