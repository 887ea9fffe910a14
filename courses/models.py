"""Modules (versioned), steps, enrollments and progress, cohorts, exemplars."""

import secrets
import uuid

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization, Section
from badges.models import BadgeClass
from competencies.models import Competency


class GradeBand(models.TextChoices):
    PREK_2 = "prek-2", _("PreK–2")
    G3_5 = "3-5", _("Grades 3–5")
    G6_8 = "6-8", _("Grades 6–8")
    G9_12 = "9-12", _("Grades 9–12")
    ALL = "all", _("All grades")


class Subject(models.TextChoices):
    ELA = "ela", _("English language arts")
    MATH = "math", _("Mathematics")
    SCIENCE = "science", _("Science")
    SOCIAL = "social-studies", _("Social studies")
    CTE = "cte", _("Career & technical education")
    ARTS = "arts", _("Arts")
    SPED = "sped", _("Special education")
    ELL = "ell", _("English learners")
    GENERAL = "general", _("Any subject")


class Module(models.Model):
    """One version of a module. Versions of the same module share `family`.

    A published version is never edited: editing makes a new draft version, and
    publishing it retires the one before. Learners keep the version they started.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        RETIRED = "retired", _("Retired")

    class Format(models.TextChoices):
        MICRO = "micro", _("Micro-lesson")
        VIDEO = "video", _("Video")
        WORKSHOP = "workshop", _("Workshop")
        SELF_PACED = "self-paced", _("Self-paced course")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    family = models.UUIDField(default=uuid.uuid4, db_index=True, editable=False)
    version = models.PositiveSmallIntegerField(default=1)
    slug = models.SlugField(max_length=100, help_text=_("Shared by every version."))
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="modules")
    title = models.CharField(max_length=200)
    summary = models.TextField()
    minutes = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(600)],
        help_text=_("Estimated minutes to finish."),
    )
    format = models.CharField(max_length=12, choices=Format.choices, default=Format.MICRO)
    competencies = models.ManyToManyField(Competency, blank=True, related_name="modules")
    grade_bands = models.JSONField(default=list, blank=True)
    subjects = models.JSONField(default=list, blank=True)
    # Denormalized for filtering on any database (grade bands and subjects as ",a,b,").
    grade_bands_key = models.CharField(max_length=200, blank=True, editable=False)
    subjects_key = models.CharField(max_length=300, blank=True, editable=False)
    search_text = models.TextField(
        blank=True, editable=False, help_text=_("Steps' text, for search.")
    )
    # PostgreSQL: title (A), summary (B) and steps' text (C) as a tsvector, written by the
    # services (`courses.services.search`) and GIN-indexed by migration 0002 (on PostgreSQL
    # only, so it is not in Meta.indexes). Always null elsewhere.
    search_vector = SearchVectorField(null=True, editable=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="modules_authored"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    leads_to = models.ForeignKey(
        BadgeClass,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="modules_leading_here",
        help_text=_("The micro-credential to apply this toward (evidence submission)."),
    )
    participation_badge = models.ForeignKey(
        BadgeClass,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="modules_awarding",
        help_text=_("Awarded directly when a learner finishes (optional)."),
    )
    created_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["title", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["family", "version"], name="module_family_version"),
            models.UniqueConstraint(
                fields=["family"],
                condition=models.Q(status="published"),
                name="module_one_published_version",
            ),
            models.UniqueConstraint(
                fields=["family"],
                condition=models.Q(status="draft"),
                name="module_one_draft_version",
            ),
        ]
        indexes = [models.Index(fields=["status", "minutes"], name="module_status_minutes_idx")]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"


class Step(models.Model):
    class Kind(models.TextChoices):
        READ = "read", _("Read")
        WATCH = "watch", _("Watch")
        TRY = "try", _("Try it in class")
        REFLECT = "reflect", _("Reflect")
        CHECK = "check", _("Check your understanding")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(max_length=8, choices=Kind.choices)
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True, help_text=_("Markdown; sanitized when shown."))
    video_url = models.URLField(blank=True)
    transcript = models.TextField(blank=True)
    prompt = models.TextField(blank=True, help_text=_("For reflect steps."))
    pass_mark = models.PositiveSmallIntegerField(
        default=80,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("Percent correct needed to pass a check."),
    )

    class Meta:
        ordering = ["module", "position", "pk"]

    def __str__(self) -> str:
        return self.title


class CheckQuestion(models.Model):
    """A multiple-choice question of a check step; choices carry their own feedback."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(default=0)
    prompt = models.TextField()
    choices = models.JSONField(help_text=_('[{"text": "...", "correct": true, "feedback": "..."}]'))

    class Meta:
        ordering = ["step", "position", "pk"]

    def __str__(self) -> str:
        return self.prompt[:60]


class Enrollment(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrollments"
    )
    module = models.ForeignKey(Module, on_delete=models.PROTECT, related_name="enrollments")
    family = models.UUIDField(db_index=True)
    started_at = models.DateTimeField(default=timezone.now)
    last_active_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)
    last_step = models.ForeignKey(
        Step, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-last_active_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["learner", "family"], name="enrollment_one_per_module")
        ]
        indexes = [
            # My learning's two lists and the API's: one learner's, last active first,
            # by keyset (a page after a cursor starts inside the index).
            models.Index(
                fields=["learner", "-last_active_at", "-id"], name="enrollment_active_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.learner} in {self.module}"

    @property
    def is_finished(self) -> bool:
        return self.completed_at is not None


class StepProgress(models.Model):
    """Done-ness of one step for one learner; unique, so two open tabs cannot clash."""

    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="progress")
    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="progress")
    completed_at = models.DateTimeField(null=True, blank=True)
    answer = models.TextField(blank=True, help_text=_("A reflect step's written answer."))
    attempts = models.PositiveSmallIntegerField(default=0)
    best_score = models.PositiveSmallIntegerField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["enrollment", "step__position"]
        constraints = [
            models.UniqueConstraint(fields=["enrollment", "step"], name="progress_one_per_step")
        ]

    def __str__(self) -> str:
        return f"{self.enrollment_id}:{self.step_id}"


class CheckAttempt(models.Model):
    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="attempts")
    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="attempts")
    answers = models.JSONField(default=dict)
    score = models.PositiveSmallIntegerField()
    passed = models.BooleanField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.score}%"


class Cohort(models.Model):
    """A named group of educators, e.g. a teacher-leader network."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="cohorts")
    name = models.CharField(max_length=200)
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="cohorts", blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ModuleAssignment(models.Model):
    """An admin assigns a module to a school's teachers, a section's teachers or a cohort."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    family = models.UUIDField(db_index=True)
    module = models.ForeignKey(Module, on_delete=models.PROTECT, related_name="assignments")
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="module_assignments"
    )
    school = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    section = models.ForeignKey(
        Section, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    cohort = models.ForeignKey(
        Cohort, null=True, blank=True, on_delete=models.PROTECT, related_name="assignments"
    )
    due_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(school__isnull=False, section__isnull=True, cohort__isnull=True)
                    | models.Q(school__isnull=True, section__isnull=False, cohort__isnull=True)
                    | models.Q(school__isnull=True, section__isnull=True, cohort__isnull=False)
                ),
                name="assignment_exactly_one_target",
            )
        ]

    def __str__(self) -> str:
        return f"{self.module} → {self.school or self.section or self.cohort}"


def exemplar_file_path(instance: "ExemplarArtifact", filename: str) -> str:
    ext = filename.rsplit(".", 1)[-1] if "." in filename else "bin"
    return f"exemplars/{instance.public_id}/{secrets.token_hex(8)}.{ext}"


class Exemplar(models.Model):
    """A lesson from a real classroom: its flow, why it works, artifacts, a reflection."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        PUBLISHED = "published", _("Published")
        DECLINED = "declined", _("Declined")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    slug = models.SlugField(max_length=120, unique=True)
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="exemplars"
    )
    title = models.CharField(max_length=200)
    grade_band = models.CharField(max_length=8, choices=GradeBand.choices)
    subject = models.CharField(max_length=20, choices=Subject.choices)
    standards = models.ManyToManyField(Competency, blank=True, related_name="exemplars")
    lesson_flow = models.TextField(help_text=_("How the lesson unfolds (Markdown)."))
    pedagogical_value = models.TextField(help_text=_("Why it works (Markdown)."))
    reflection = models.TextField(blank=True, help_text=_("The teacher's reflection."))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="exemplars_proposed"
    )
    source_submission = models.ForeignKey(
        "evidence.Submission",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="exemplars",
    )
    consent_given_at = models.DateTimeField(
        null=True, blank=True, help_text=_("When the teacher consented to sharing.")
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="exemplars_published",
    )
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class ExemplarArtifact(models.Model):
    class Kind(models.TextChoices):
        FILE = "file", _("File")
        VIDEO = "video", _("Annotated video")
        DOCUMENT = "document", _("Sample document")
        SLIDES = "slides", _("Slides")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    exemplar = models.ForeignKey(Exemplar, on_delete=models.CASCADE, related_name="artifacts")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    title = models.CharField(max_length=200)
    file = models.FileField(upload_to=exemplar_file_path, max_length=300, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    url = models.URLField(max_length=1000, blank=True)
    annotation = models.TextField(blank=True, help_text=_("What to notice, with timestamps."))
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["exemplar", "position", "pk"]

    def __str__(self) -> str:
        return self.title
