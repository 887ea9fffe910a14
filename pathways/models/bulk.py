"""Bulk awards from a CSV upload: the job an admin previews and confirms, and the
outcome of each line once it has run.

The job holds the file's lines as parsed and checked at preview time (`lines`, one
dict per line of the file that named someone or was refused; see
`pathways.services.bulk.plan`), so confirming awards exactly what was previewed, and
nothing is written at preview but the job itself. Each line's outcome is written in
the same transaction as its award (`BulkAwardLine`), so a job that stopped midway is
resumed without awarding anyone twice.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from badges.models import Assertion, BadgeClass


class BulkAwardJob(models.Model):
    """One uploaded CSV file of recipients for one badge class."""

    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("Previewed")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    badge_class = models.ForeignKey(
        BadgeClass, on_delete=models.PROTECT, related_name="bulk_award_jobs"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="bulk_award_jobs"
    )
    file_name = models.CharField(
        max_length=200, blank=True, help_text=_("The uploaded file's name, as shown to people.")
    )
    lines = models.JSONField(
        default=list, help_text=_("Every line of the file as checked at preview time.")
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PREVIEWED)
    # Counts at preview time: what confirming would do.
    will_award = models.PositiveIntegerField(default=0)
    will_invite = models.PositiveIntegerField(default=0)
    already_held = models.PositiveIntegerField(default=0)
    bad_lines = models.PositiveIntegerField(default=0)
    # Progress while running: lines tried, and how they went.
    total = models.PositiveIntegerField(default=0, help_text=_("Lines to try when confirmed."))
    processed = models.PositiveIntegerField(default=0)
    awarded = models.PositiveIntegerField(default=0)
    invited = models.PositiveIntegerField(default=0)
    held = models.PositiveIntegerField(default=0)
    errors = models.PositiveIntegerField(default=0)
    failure = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(processed__lte=models.F("total")),
                name="bulkawardjob_processed_within_total",
            ),
        ]
        indexes = [
            # The ordering's: the console's list of jobs (keyset pages) and the admin's.
            models.Index(fields=["-created_at", "-id"], name="bulkjob_list_order_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.badge_class} ← {self.file_name or self.public_id}"

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE or not self.total:
            return 100 if self.status == self.Status.DONE else 0
        return min(100, self.processed * 100 // self.total)


class BulkAwardLine(models.Model):
    """What happened to one line of a confirmed job (written with its award)."""

    class Outcome(models.TextChoices):
        AWARDED = "awarded", _("Awarded")
        INVITED = "invited", _("Invited")
        HELD = "held", _("Already held")
        ERROR = "error", _("Not awarded")

    job = models.ForeignKey(BulkAwardJob, on_delete=models.CASCADE, related_name="results")
    line = models.PositiveIntegerField()
    email = models.CharField(max_length=254, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    assertion = models.ForeignKey(
        Assertion, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["job", "line"]
        constraints = [
            models.UniqueConstraint(fields=["job", "line"], name="bulkawardline_once_per_line"),
        ]

    def __str__(self) -> str:
        return f"line {self.line}: {self.outcome}"
