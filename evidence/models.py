"""Evidence: rubrics, approval policies, submissions (versioned), artifacts, reviews,
status history, moderation and in-app notifications.

The workflow's allowed moves live in `evidence/workflow.py` beside these models.
"""

import secrets
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization
from badges.models import Assertion, BadgeClass

MASTERY_LEVELS = (1, 2, 3, 4)  # 3 = competent


class ReviewerKind(models.TextChoices):
    """The ways someone can be eligible to review a submission."""

    SECTION_TEACHER = "section_teacher", _("The earner's section teacher")
    COACH = "coach", _("The teacher's coach")
    MENTOR = "mentor", _("The student's placement mentor")
    SUPERVISOR = "supervisor", _("The placement supervisor")
    GROUP = "group", _("A member of the reviewer group")
    ADMIN = "admin", _("A district admin")


class ReviewerGroup(models.Model):
    """A named set of reviewers (e.g. a CTE advisory panel, or a moderation committee)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="reviewer_groups"
    )
    name = models.CharField(max_length=200)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="reviewer_groups", blank=True
    )
    is_moderation_committee = models.BooleanField(
        default=False, help_text=_("Moderates a sample of approved submissions.")
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Rubric(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="rubrics")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class RubricCriterion(models.Model):
    """One row of a rubric, with a descriptor for each mastery level 1–4."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="criteria")
    position = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(max_length=200)
    level_1 = models.TextField(_("1 — beginning"))
    level_2 = models.TextField(_("2 — developing"))
    level_3 = models.TextField(_("3 — competent"))
    level_4 = models.TextField(_("4 — exemplary"))

    class Meta:
        ordering = ["rubric", "position", "pk"]
        verbose_name_plural = "rubric criteria"

    def __str__(self) -> str:
        return self.name

    def descriptors(self) -> list[tuple[int, str]]:
        return [(1, self.level_1), (2, self.level_2), (3, self.level_3), (4, self.level_4)]


class ApprovalPolicy(models.Model):
    """How evidence for one badge class is routed, scored and approved."""

    badge_class = models.OneToOneField(
        BadgeClass, on_delete=models.CASCADE, related_name="approval_policy"
    )
    rubric = models.ForeignKey(Rubric, on_delete=models.PROTECT, related_name="policies")
    threshold = models.PositiveSmallIntegerField(
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(4)],
        help_text=_("Every criterion must score at least this for an approval (3 = competent)."),
    )
    # Who may review (booleans so the queue can be one query on any database).
    allow_section_teacher = models.BooleanField(default=False)
    allow_coach = models.BooleanField(default=False)
    allow_mentor = models.BooleanField(default=False)
    allow_supervisor = models.BooleanField(default=False)
    allow_admin = models.BooleanField(default=False)
    reviewer_group = models.ForeignKey(
        ReviewerGroup,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="policies",
        help_text=_("Members of this group may review."),
    )
    required_kinds = models.JSONField(
        default=list,
        blank=True,
        help_text=_('Kinds that must each approve, e.g. ["supervisor", "section_teacher"].'),
    )
    approvals_needed = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    allow_self_submission = models.BooleanField(default=True)
    allow_teacher_on_behalf = models.BooleanField(default=False)
    moderation_rate = models.DecimalField(
        max_digits=4,
        decimal_places=3,
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text=_("Share of approvals sampled for moderation (0–1)."),
    )

    class Meta:
        verbose_name_plural = "approval policies"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(moderation_rate__gte=0) & models.Q(moderation_rate__lte=1),
                name="policy_moderation_rate_0_1",
            ),
            models.CheckConstraint(
                condition=models.Q(threshold__gte=1) & models.Q(threshold__lte=4),
                name="policy_threshold_1_4",
            ),
        ]

    def __str__(self) -> str:
        return f"Policy for {self.badge_class}"

    def eligible_kinds(self) -> list[str]:
        kinds = []
        if self.allow_section_teacher:
            kinds.append(ReviewerKind.SECTION_TEACHER)
        if self.allow_coach:
            kinds.append(ReviewerKind.COACH)
        if self.allow_mentor:
            kinds.append(ReviewerKind.MENTOR)
        if self.allow_supervisor:
            kinds.append(ReviewerKind.SUPERVISOR)
        if self.reviewer_group_id:
            kinds.append(ReviewerKind.GROUP)
        if self.allow_admin:
            kinds.append(ReviewerKind.ADMIN)
        return [str(k) for k in kinds]


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
    ext = filename.rsplit(".", 1)[-1] if "." in filename else "bin"
    return f"evidence/{instance.public_id}/{secrets.token_hex(8)}.{ext}"


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


class ModerationCase(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the committee")
        CONFIRMED = "confirmed", _("Confirmed")
        FLAGGED = "flagged", _("Flagged")
        RESOLVED = "resolved", _("Resolved by an admin")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    submission = models.OneToOneField(
        Submission, on_delete=models.CASCADE, related_name="moderation"
    )
    committee = models.ForeignKey(
        ReviewerGroup, on_delete=models.PROTECT, related_name="moderation_cases"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="moderation_decisions",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Moderation of {self.submission_id}: {self.status}"


class Notification(models.Model):
    """An in-app notice (the same news is e-mailed)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    message = models.CharField(max_length=300)
    link = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread_idx")]

    def __str__(self) -> str:
        return self.message
