"""Competency frameworks, importable from 1EdTech CASE packages."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Framework(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=300)
    creator = models.CharField(max_length=300, blank=True)
    description = models.TextField(blank=True)
    version = models.CharField(max_length=50, blank=True)
    case_identifier = models.CharField(
        max_length=100,
        unique=True,
        null=True,
        blank=True,
        help_text=_("The CFDocument identifier this framework was imported from."),
    )
    case_uri = models.URLField(max_length=500, blank=True)
    last_change = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class CompetencyQuerySet(models.QuerySet):
    def current(self) -> CompetencyQuerySet:
        """Competencies the latest import of their framework still lists (not retired):
        the ones offered for alignment."""
        return self.filter(retired_at__isnull=True)


class Competency(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="competencies")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    code = models.CharField(max_length=80, blank=True, help_text=_("Human coding scheme."))
    statement = models.TextField()
    item_type = models.CharField(max_length=100, blank=True)
    case_identifier = models.CharField(max_length=100, null=True, blank=True)  # noqa: DJ001
    case_uri = models.URLField(max_length=500, blank=True)
    list_order = models.PositiveIntegerField(default=0)
    retired_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text=_("When an import of its framework no longer listed it (kept, not deleted)."),
    )

    objects = CompetencyQuerySet.as_manager()

    class Meta:
        ordering = ["framework", "list_order", "code"]
        verbose_name_plural = "competencies"
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "case_identifier"], name="competency_case_id_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.statement[:60]}".strip()


class CompetencyAssociation(models.Model):
    """A CASE association other than the `isChildOf` that builds the tree (`exactMatchOf`,
    `isRelatedTo`, `precedes`, `exemplar`, ...), from a competency of the framework to
    another competency of it or to something outside the package (`destination` None:
    its identifier, URI and title as the package gives them)."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="associations")
    origin = models.ForeignKey(
        Competency, on_delete=models.CASCADE, related_name="associations_from"
    )
    association_type = models.CharField(max_length=100)
    destination = models.ForeignKey(
        Competency,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="associations_to",
    )
    destination_identifier = models.CharField(max_length=100, blank=True, db_index=True)
    destination_uri = models.CharField(max_length=500, blank=True)
    destination_title = models.CharField(max_length=300, blank=True)
    case_identifier = models.CharField(max_length=100)
    sequence_number = models.IntegerField(null=True, blank=True)

    class Meta:
        ordering = ["association_type", "sequence_number", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "case_identifier"], name="association_case_id_unique"
            ),
        ]

    def __str__(self) -> str:
        target = self.destination_title or self.destination_identifier or self.destination_uri
        return f"{self.origin} {self.association_type} {target}".strip()


class FrameworkImport(models.Model):
    """A CASE package uploaded or fetched for import: previewed first, imported when
    its author confirms (then `imported_at`, the framework and the report are set and
    the package bytes are dropped)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="framework_imports"
    )
    source_name = models.CharField(max_length=500)
    source_url = models.CharField(max_length=500, blank=True)
    strict = models.BooleanField(default=False)
    data = models.BinaryField(editable=False)
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    imported_at = models.DateTimeField(null=True, blank=True)
    framework = models.ForeignKey(
        Framework, null=True, blank=True, on_delete=models.SET_NULL, related_name="imports"
    )
    report = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.source_name
