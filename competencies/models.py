"""Competency frameworks, importable from 1EdTech CASE packages."""

import uuid

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
