"""Issuers (an organization's Open Badges profile) and their Open Badges 3.0 signing keys."""

import uuid

from django.db import models
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization


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


class IssuerKey(models.Model):
    """A signing key of an issuer, or of Cairn itself (no issuer: it signs learner records).

    Only the public key is stored in the clear; the private key is encrypted with
    settings.CREDENTIAL_KEY_SECRET (`badges.services.keys`). Rotating retires a key and
    never deletes it: its public key stays published in the issuer's DID document
    so that the credentials it signed keep verifying.
    """

    class Algorithm(models.TextChoices):
        ED25519 = "Ed25519", "Ed25519"

    issuer = models.ForeignKey(
        Issuer,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="signing_keys",
        help_text=_("Empty for Cairn's own key, which signs learner records (CLR)."),
    )
    kid = models.CharField(
        max_length=64,
        unique=True,
        editable=False,
        help_text=_("The key id: the fragment of its verification method, <did>#<kid>."),
    )
    algorithm = models.CharField(
        max_length=20, choices=Algorithm.choices, default=Algorithm.ED25519, editable=False
    )
    public_key_multibase = models.CharField(max_length=100, editable=False)
    private_key_encrypted = models.TextField(editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    retired_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            # One active key per issuer, and one for Cairn itself (issuer NULL -> 0).
            models.UniqueConstraint(
                Coalesce("issuer", models.Value(0)),
                condition=models.Q(retired_at__isnull=True),
                name="issuerkey_one_active_per_issuer",
            ),
            models.CheckConstraint(
                condition=models.Q(retired_at__isnull=True)
                | models.Q(retired_at__gte=models.F("created_at")),
                name="issuerkey_retired_after_created",
            ),
        ]

    def __str__(self) -> str:
        owner = self.issuer.name if self.issuer_id else "Cairn"
        return f"{owner} · {self.kid}{' (retired)' if self.retired_at else ''}"

    @property
    def is_active(self) -> bool:
        return self.retired_at is None
