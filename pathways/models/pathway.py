"""Pathways: badges that stack into a larger credential, and alerts when a constituent of
a held pathway badge is revoked."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from badges.models import Assertion, BadgeClass, Issuer


class Pathway(models.Model):
    """A credential made of other badges: complete its requirement tree, earn its badge."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ACTIVE = "active", _("Active")
        ARCHIVED = "archived", _("Archived")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    slug = models.SlugField(max_length=100, unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    issuer = models.ForeignKey(Issuer, on_delete=models.PROTECT, related_name="pathways")
    badge_class = models.OneToOneField(
        BadgeClass,
        on_delete=models.PROTECT,
        related_name="pathway",
        help_text=_("The badge awarded automatically when the pathway is complete."),
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="pathways_created",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PathwayRequirement(models.Model):
    """One node of a pathway's requirement tree: a group (all of, or N of) or a leaf."""

    class Kind(models.TextChoices):
        ALL = "all", _("All of")
        N_OF = "n_of", _("N of")
        BADGE = "badge", _("Badge")
        PATHWAY = "pathway", _("Pathway")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    pathway = models.ForeignKey(Pathway, on_delete=models.CASCADE, related_name="requirements")
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
        help_text=_("The group this belongs to; empty for the pathway's root group."),
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    n = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text=_("For an “N of” group: how many are needed.")
    )
    badge_class = models.ForeignKey(
        BadgeClass,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="pathway_requirements",
    )
    nested_pathway = models.ForeignKey(
        Pathway,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="required_by",
        help_text=_("A pathway leaf: holding that pathway's badge meets it."),
    )
    label = models.CharField(max_length=200, blank=True, help_text=_("A group's name."))
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["pathway", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["pathway"],
                condition=models.Q(parent__isnull=True),
                name="pathwayrequirement_one_root",
            ),
            models.UniqueConstraint(
                fields=["parent", "badge_class"], name="pathwayrequirement_badge_once_per_group"
            ),
            models.UniqueConstraint(
                fields=["parent", "nested_pathway"],
                name="pathwayrequirement_pathway_once_per_group",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(
                        kind="all",
                        n__isnull=True,
                        badge_class__isnull=True,
                        nested_pathway__isnull=True,
                    )
                    | models.Q(
                        kind="n_of", n__gte=1, badge_class__isnull=True, nested_pathway__isnull=True
                    )
                    | models.Q(
                        kind="badge",
                        n__isnull=True,
                        badge_class__isnull=False,
                        nested_pathway__isnull=True,
                        parent__isnull=False,
                    )
                    | models.Q(
                        kind="pathway",
                        n__isnull=True,
                        badge_class__isnull=True,
                        nested_pathway__isnull=False,
                        parent__isnull=False,
                    )
                ),
                name="pathwayrequirement_kind_fields",
            ),
        ]

    def __str__(self) -> str:
        if self.kind == self.Kind.BADGE:
            return f"Badge: {self.badge_class}"
        if self.kind == self.Kind.PATHWAY:
            return f"Pathway: {self.nested_pathway}"
        if self.kind == self.Kind.N_OF:
            return f"{self.n} of: {self.label}".strip()
        return f"All of: {self.label}".strip()


class PathwayAlert(models.Model):
    """A constituent badge of a held pathway badge was revoked; an admin decides."""

    class Resolution(models.TextChoices):
        KEEP = "keep", _("Keep the pathway badge")
        REVOKE = "revoke", _("Revoke the pathway badge")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    pathway = models.ForeignKey(Pathway, on_delete=models.PROTECT, related_name="alerts")
    earner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="pathway_alerts"
    )
    pathway_assertion = models.ForeignKey(
        Assertion,
        on_delete=models.PROTECT,
        related_name="pathway_alerts",
        help_text=_("The pathway badge at stake."),
    )
    revoked_assertion = models.ForeignKey(
        Assertion,
        on_delete=models.PROTECT,
        related_name="constituent_alerts",
        help_text=_("The constituent badge that was revoked."),
    )
    still_complete = models.BooleanField(
        help_text=_("Whether the earner's other badges still complete the pathway.")
    )
    created_at = models.DateTimeField(default=timezone.now)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="pathway_alerts_resolved",
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution = models.CharField(max_length=10, choices=Resolution.choices, blank=True)
    resolution_note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["pathway", "revoked_assertion"], name="pathwayalert_once_per_revocation"
            ),
            models.CheckConstraint(
                condition=models.Q(resolved_at__isnull=True, resolution="")
                | (models.Q(resolved_at__isnull=False) & ~models.Q(resolution="")),
                name="pathwayalert_resolution_consistent",
            ),
        ]
        indexes = [
            models.Index(
                fields=["pathway"],
                condition=models.Q(resolved_at__isnull=True),
                name="pathwayalert_open_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.pathway}: {self.revoked_assertion.badge_class} revoked"

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None
