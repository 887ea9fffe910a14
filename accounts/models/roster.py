"""The district's roster as its SIS sends it (1EdTech OneRoster 1.1 / 1.2), and the
imports that brought it (`accounts.oneroster`).

`RosterRecord` is one OneRoster object (org, user, class, course, enrollment, role,
academic session, demographics) by its `sourcedId`, as last imported, linked to what
it became in Cairn. Imports are idempotent by it; a delta's `tobedeleted` marks the
record and deactivates what it links (a person, an enrollment), and deletes nothing.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.secrets import seal, unseal

from .people import Membership, Organization, Section


class RosterRecord(models.Model):
    class Kind(models.TextChoices):
        ORG = "org", _("Organization")
        USER = "user", _("Person")
        ROLE = "role", _("Role")
        COURSE = "course", _("Course")
        CLASS = "class", _("Class")
        ENROLLMENT = "enrollment", _("Enrollment")
        ACADEMIC_SESSION = "academic_session", _("Academic session")
        DEMOGRAPHICS = "demographics", _("Demographics")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        TO_BE_DELETED = "tobedeleted", _("Removed by the SIS")

    district = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="roster_records"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    sourced_id = models.CharField(max_length=255)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.ACTIVE)
    date_last_modified = models.DateTimeField(null=True, blank=True)
    # For people: OneRoster `identifier` and `username`, matched at single sign-on.
    identifier = models.CharField(max_length=255, blank=True)
    username = models.CharField(max_length=255, blank=True)
    digest = models.CharField(
        max_length=64, blank=True, help_text=_("SHA-256 of the fields as last imported.")
    )
    data = models.JSONField(default=dict, blank=True, help_text=_("The row as last imported."))
    # What the record became (one of these, by kind).
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="roster_records",
    )
    section = models.ForeignKey(
        Section, null=True, blank=True, on_delete=models.SET_NULL, related_name="roster_records"
    )
    membership = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    first_imported_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["district", "kind", "sourced_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "kind", "sourced_id"], name="roster_record_unique_sourced_id"
            )
        ]
        indexes = [
            models.Index(fields=["district", "kind", "identifier"], name="roster_identifier_idx"),
            models.Index(fields=["district", "kind", "username"], name="roster_username_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.sourced_id}"


class RosterImport(models.Model):
    """One import of a OneRoster package: from the console (preview, then confirm),
    `manage.py import_oneroster`, or the nightly pull from the SIS's REST API."""

    class Source(models.TextChoices):
        UPLOAD = "upload", _("Console upload")
        COMMAND = "command", _("Command line")
        REST = "rest", _("SIS OneRoster API")

    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("Previewed")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    district = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="roster_imports"
    )
    source = models.CharField(max_length=10, choices=Source.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PREVIEWED)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="roster_imports",
    )
    file_name = models.CharField(max_length=200, blank=True)
    upload = models.FileField(upload_to="roster-imports/", blank=True)
    version = models.CharField(
        max_length=10, blank=True, help_text=_("OneRoster version: 1.1 or 1.2.")
    )
    mode = models.CharField(max_length=10, blank=True, help_text=_("bulk or delta"))
    # Counts: at preview what confirming would do; once run, what was done.
    # {"created": n, "updated": n, "unchanged": n, "deactivated": n, "refused": n,
    #  "by_file": {"users.csv": {...}, ...}}
    counts = models.JSONField(default=dict, blank=True)
    total = models.PositiveIntegerField(default=0, help_text=_("Lines to import."))
    processed = models.PositiveIntegerField(default=0)
    failure = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Roster import {self.file_name or self.public_id} ({self.status})"

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return min(100, self.processed * 100 // self.total) if self.total else 0


class RosterImportProblem(models.Model):
    """A refused line of an import, with the reason, for the report."""

    job = models.ForeignKey(RosterImport, on_delete=models.CASCADE, related_name="problems")
    file_name = models.CharField(max_length=100)
    line = models.PositiveIntegerField(default=0)
    sourced_id = models.CharField(max_length=255, blank=True)
    reason = models.CharField(max_length=500)

    class Meta:
        ordering = ["job", "file_name", "line", "pk"]

    def __str__(self) -> str:
        return f"{self.file_name}:{self.line} {self.reason}"


class RosterConnection(models.Model):
    """A district's SIS OneRoster 1.2 REST API, pulled nightly (OAuth 2.0 client
    credentials; the secret sealed at rest)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    district = models.OneToOneField(
        Organization, on_delete=models.CASCADE, related_name="roster_connection"
    )
    base_url = models.URLField(
        _("OneRoster base URL"),
        help_text=_("e.g. https://sis.example.org/ims/oneroster/rostering/v1p2"),
    )
    token_url = models.URLField(_("token URL"))
    client_id = models.CharField(_("client id"), max_length=255)
    secret_sealed = models.TextField(blank=True, editable=False)
    scope = models.CharField(
        _("scope"),
        max_length=500,
        blank=True,
        default="https://purl.imsglobal.org/spec/or/v1p2/scope/roster.readonly",
    )
    enabled = models.BooleanField(_("pull nightly"), default=True)
    last_modified_seen = models.DateTimeField(
        null=True, blank=True, help_text=_("The newest dateLastModified pulled so far.")
    )
    last_import = models.ForeignKey(
        RosterImport, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"OneRoster API of {self.district}"

    def sealed_context(self) -> str:
        return f"roster:{self.public_id}"

    def secret(self) -> str:
        return unseal(self.secret_sealed, context=self.sealed_context())

    def seal_secret(self, plaintext: str) -> None:
        self.secret_sealed = seal(plaintext, context=self.sealed_context())
