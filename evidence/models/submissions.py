"""Submissions (versioned), their artifacts, reviews, reviewers' notes and history."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from badges.models import Assertion, BadgeClass
from core.uploads import unguessable_path

from .policies import ReviewerKind


class Submission(models.Model):
    """An earner's evidence toward one badge class. Versions keep every resubmission."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        IN_REVIEW = "in_review", _("In review")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    OPEN_STATUSES = ("draft", "submitted", "in_review", "changes_requested")
    REVIEWABLE_STATUSES = ("submitted", "in_review")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    earner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="submissions"
    )
    badge_class = models.ForeignKey(
        BadgeClass, on_delete=models.PROTECT, related_name="submissions"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveSmallIntegerField(default=1)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="submissions_made",
        help_text=_("The earner, or a teacher submitting on the student's behalf."),
    )
    evidence_public = models.BooleanField(
        default=False, help_text=_("Show the evidence with the badge once awarded.")
    )
    assertion = models.ForeignKey(
        Assertion, null=True, blank=True, on_delete=models.PROTECT, related_name="submissions"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(
        null=True, blank=True, help_text=_("When the current version was submitted.")
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-updated_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["earner", "badge_class"],
                condition=models.Q(
                    status__in=["draft", "submitted", "in_review", "changes_requested"]
                ),
                name="submission_one_open_per_earner_badge",
            )
        ]
        indexes = [
            # The ordering's (the admin's list).
            models.Index(fields=["-updated_at", "-id"], name="submission_list_order_idx"),
            models.Index(fields=["status", "submitted_at"], name="submission_queue_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.earner} → {self.badge_class} (v{self.version}, {self.status})"

    @property
    def on_behalf(self) -> bool:
        return self.submitted_by_id != self.earner_id

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES


class SubmissionVersion(models.Model):
    """One version of a submission: its reflection and when it was submitted."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["submission", "number"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "number"], name="version_unique_number")
        ]

    def __str__(self) -> str:
        return f"v{self.number}"


def artifact_path(instance: "Artifact", filename: str) -> str:
    return unguessable_path("evidence", instance, filename)


class Artifact(models.Model):
    class Kind(models.TextChoices):
        FILE = "file", _("File")
        LINK = "link", _("Link")
        REFLECTION = "reflection", _("Written reflection")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    version = models.ForeignKey(
        SubmissionVersion, on_delete=models.CASCADE, related_name="artifacts"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    title = models.CharField(max_length=200, blank=True)
    file = models.FileField(upload_to=artifact_path, max_length=300, blank=True)
    original_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    url = models.URLField(max_length=1000, blank=True)
    text = models.TextField(blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="artifacts_added"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["version", "created_at", "pk"]

    def __str__(self) -> str:
        return self.title or self.original_name or self.url or self.kind


class Review(models.Model):
    class Decision(models.TextChoices):
        APPROVE = "approve", _("Approve")
        CHANGES = "changes", _("Request changes")
        DECLINE = "decline", _("Decline")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="reviews")
    version = models.ForeignKey(SubmissionVersion, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reviews"
    )
    acting_as = models.CharField(max_length=20, choices=ReviewerKind.choices)
    decision = models.CharField(max_length=10, choices=Decision.choices)
    scores = models.JSONField(default=dict, help_text=_("{criterion public id: level 1–4}"))
    feedback = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["version", "reviewer"], name="review_once_per_version")
        ]
        # The ordering's (the admin's list).
        indexes = [models.Index(fields=["created_at", "id"], name="review_list_order_idx")]

    def __str__(self) -> str:
        return f"{self.reviewer} {self.decision} v{self.version_id}"


class ReviewerNote(models.Model):
    """Evidence a reviewer attaches (e.g. a coach's observation notes); seen by reviewers."""

    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="reviewer_notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reviewer_notes"
    )
    text = models.TextField()
    source = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Note by {self.author}"


class StatusChange(models.Model):
    """History: who moved a submission from which status to which, when and why."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="history")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="status_changes",
    )
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20)
    version = models.PositiveSmallIntegerField()
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status or '∅'} → {self.to_status}"
