"""Badge classes and what they are taught in (curriculum links)."""

import uuid

from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import Section
from competencies.models import Competency
from core.uploads import unguessable_path

from .issuers import Issuer


def badge_image_path(instance: "BadgeClass", filename: str) -> str:
    ext = "svg" if filename.lower().endswith(".svg") else "png"
    return unguessable_path("badges", instance, filename, ext=ext)


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


class CurriculumLink(models.Model):
    """What a badge class is taught in: one section, a course (every section with that
    course code), or a subject. Where its approval policy lets section teachers review,
    a student's evidence goes to the teachers of their linked sections only."""

    class Kind(models.TextChoices):
        SECTION = "section", _("Section")
        COURSE = "course", _("Course")
        SUBJECT = "subject", _("Subject")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    badge_class = models.ForeignKey(
        BadgeClass, on_delete=models.CASCADE, related_name="curriculum_links"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    section = models.ForeignKey(
        Section, null=True, blank=True, on_delete=models.CASCADE, related_name="badge_links"
    )
    value = models.CharField(
        max_length=100, blank=True, help_text=_("The course code or the subject.")
    )

    class Meta:
        ordering = ["badge_class", "kind", "value", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="section", section__isnull=False, value="")
                | (
                    models.Q(kind__in=["course", "subject"], section__isnull=True)
                    & ~models.Q(value="")
                ),
                name="curriculumlink_kind_fields",
            ),
            models.UniqueConstraint(
                fields=["badge_class", "section"],
                condition=models.Q(section__isnull=False),
                name="curriculumlink_section_once",
            ),
            models.UniqueConstraint(
                models.F("badge_class"),
                models.F("kind"),
                Lower("value"),
                condition=~models.Q(value=""),
                name="curriculumlink_value_once",
            ),
        ]

    def __str__(self) -> str:
        if self.kind == self.Kind.SECTION:
            return f"{self.badge_class} ← section {self.section}"
        return f"{self.badge_class} ← {self.get_kind_display().lower()} {self.value}"
