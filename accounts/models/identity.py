"""A district's identity providers: where its people sign in (`accounts.sso`).

Each row becomes one django-allauth provider app at request time (Google, Microsoft
Entra ID, Clever, any OpenID Connect provider, or a SAML 2.0 IdP). Client secrets are
sealed at rest (`core.secrets`); nothing here is read from allauth's own SocialApp
table.
"""

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.secrets import seal, unseal

from .people import Organization


class IdentityProvider(models.Model):
    class Kind(models.TextChoices):
        GOOGLE = "google", _("Google Workspace")
        MICROSOFT = "microsoft", _("Microsoft Entra ID")
        CLEVER = "clever", _("Clever")
        OIDC = "oidc", _("OpenID Connect")
        SAML = "saml", _("SAML 2.0")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    district = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="identity_providers",
        limit_choices_to={"kind": Organization.Kind.DISTRICT},
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    slug = models.SlugField(
        _("short name"),
        max_length=60,
        unique=True,
        help_text=_(
            "Part of this provider's sign-in and callback addresses "
            "(e.g. snake-river-google); cannot change once people sign in with it."
        ),
    )
    name = models.CharField(
        _("button label"), max_length=100, help_text=_("e.g. Snake River SD Google")
    )
    client_id = models.CharField(_("client id"), max_length=255, blank=True)
    secret_sealed = models.TextField(blank=True, editable=False)
    # Kind-specific settings (read by accounts.sso.apps, which lists them all):
    # "server_url" (the OpenID Connect issuer; Google's and Entra ID's by default),
    # "tenant" (Entra ID: a tenant id, "organizations" or "common"), "scope" and
    # "fetch_userinfo" (OIDC), Clever "district_id" (its addresses trusted only from
    # that district) and "authorize_url" / "token_url" / "api_url" (default Clever's),
    # SAML "idp" ({entity_id, sso_url, x509cert} or {metadata_url}) and "attributes"
    # (SAML attribute names).
    settings = models.JSONField(default=dict, blank=True)
    allowed_domains = models.JSONField(
        _("allowed e-mail domains"),
        default=list,
        blank=True,
        help_text=_("Only addresses at these domains may sign in here (empty: any)."),
    )
    roster_claim = models.CharField(
        _("roster identifier claim"),
        max_length=100,
        blank=True,
        help_text=_(
            "The claim or SAML attribute that carries the person's roster identifier "
            "(OneRoster sourcedId, identifier or username); empty: match by e-mail only."
        ),
    )
    jit_accounts = models.BooleanField(
        _("create accounts at first sign-in"),
        default=False,
        help_text=_(
            "Someone the district has not rostered gets a new account with no role. "
            "Off: they are refused."
        ),
    )
    trust_idp_mfa = models.BooleanField(
        _("count the provider's two-factor sign-in"),
        default=False,
        help_text=_(
            "A sign-in the provider reports as multi-factor (amr) satisfies the "
            "district's two-factor requirement."
        ),
    )
    enabled = models.BooleanField(_("enabled"), default=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["district__name", "name"]
        indexes = [models.Index(fields=["district", "enabled"], name="idp_district_enabled_idx")]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_kind_display()})"

    # The secret is sealed with the row's public id as context; services set it.
    def sealed_context(self) -> str:
        return f"idp:{self.public_id}"

    def secret(self) -> str:
        return unseal(self.secret_sealed, context=self.sealed_context())

    def seal_secret(self, plaintext: str) -> None:
        self.secret_sealed = seal(plaintext, context=self.sealed_context())
