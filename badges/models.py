"""Issuers, badge classes and assertions (Open Badges 2.0 hosted)."""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models.functions import Coalesce, Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization, Section
from competencies.models import Competency
from core.uploads import unguessable_path


def _salt() -> str:
    return secrets.token_hex(16)


def badge_image_path(instance: "BadgeClass", filename: str) -> str:
    ext = "svg" if filename.lower().endswith(".svg") else "png"
    return unguessable_path("badges", instance, filename, ext=ext)


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


# Open Badges 3.0 ------------------------------------------------------------------------


class IssuerKey(models.Model):
    """A signing key of an issuer, or of Cairn itself (no issuer: it signs learner records).

    Only the public key is stored in the clear; the private key is encrypted with
    settings.CREDENTIAL_KEY_SECRET (badges.services_ob3). Rotating retires a key and
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


class StatusListEntry(models.Model):
    """An assertion's place in its issuer's revocation list (W3C Bitstring Status List).

    Allocated once, in order, per issuer (badges.services_ob3); the bit at `index`
    is set while the assertion is revoked. Never reused.
    """

    assertion = models.OneToOneField(
        Assertion, on_delete=models.PROTECT, related_name="status_list_entry"
    )
    issuer = models.ForeignKey(Issuer, on_delete=models.PROTECT, related_name="status_list_entries")
    index = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["issuer_id", "index"]
        verbose_name_plural = "status list entries"
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "index"], name="statuslistentry_one_index_per_issuer"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.issuer_id}/{self.index} → {self.assertion_id}"
