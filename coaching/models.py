"""Coaching caseloads, session logs, goals and recommendations."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization
from badges.models import BadgeClass
from competencies.models import Competency
from courses.models import Module


class CoachingAssignment(models.Model):
    """A teacher on a coach's caseload, at a school, for a period. Reassigning ends the
    current assignment and starts another, so the history is kept."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="caseload"
    )
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="coaching_assignments"
    )
    school = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    starts_on = models.DateField(default=timezone.localdate)
    ends_on = models.DateField(null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["teacher"],
                condition=models.Q(ends_on__isnull=True),
                name="coaching_one_current_coach",
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="coaching_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.coach} coaches {self.teacher}"


class CoachingSession(models.Model):
    class Kind(models.TextChoices):
        OBSERVATION = "observation", _("Observation")
        CO_PLANNING = "co-planning", _("Co-planning")
        MODELING = "modeling", _("Modeling")
        CO_TEACHING = "co-teaching", _("Co-teaching")
        DEBRIEF = "debrief", _("Debrief")
        FEEDBACK = "feedback", _("Feedback")
        OTHER = "other", _("Other")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="coaching_sessions_led"
    )
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="coaching_sessions"
    )
    school = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField(default=timezone.localdate)
    minutes = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(600)]
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    focus = models.ManyToManyField(Competency, blank=True, related_name="coaching_sessions")
    shared_notes = models.TextField(blank=True, help_text=_("The teacher sees these."))
    private_notes = models.TextField(
        blank=True, help_text=_("Only you see these. Never shown to the teacher or exported.")
    )
    next_steps = models.TextField(blank=True)
    follow_up_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-held_on", "-pk"]
        indexes = [
            models.Index(fields=["coach", "teacher", "-held_on"], name="session_caseload_idx"),
            models.Index(fields=["held_on"], name="session_date_idx"),
            # The sessions on a teacher's page (the coach's and My coaching): one
            # teacher's, newest first, by keyset.
            models.Index(fields=["teacher", "-held_on", "-id"], name="session_teacher_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} with {self.teacher} on {self.held_on}"


class Goal(models.Model):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        MET = "met", _("Met")
        SET_ASIDE = "set_aside", _("Set aside")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="goals"
    )
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="goals_coached"
    )
    statement = models.TextField()
    competency = models.ForeignKey(
        Competency, null=True, blank=True, on_delete=models.PROTECT, related_name="goals"
    )
    target_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.NOT_STARTED)
    modules = models.ManyToManyField(Module, blank=True, related_name="goals")
    badge_classes = models.ManyToManyField(BadgeClass, blank=True, related_name="goals")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["status", "target_date", "pk"]

    def __str__(self) -> str:
        return self.statement[:60]


class ActionStep(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="action_steps")
    description = models.CharField(max_length=300)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["goal", "due_on", "pk"]

    def __str__(self) -> str:
        return self.description


class Recommendation(models.Model):
    """A coach recommends a module to a teacher, from a session or a goal."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="recommendations_made"
    )
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="recommendations"
    )
    module = models.ForeignKey(Module, on_delete=models.PROTECT, related_name="recommendations")
    session = models.ForeignKey(
        CoachingSession, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    goal = models.ForeignKey(
        Goal, null=True, blank=True, on_delete=models.SET_NULL, related_name="recommendations"
    )
    note = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    dismissed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["teacher", "module"],
                condition=models.Q(dismissed_at__isnull=True),
                name="recommendation_once_per_module",
            )
        ]

    def __str__(self) -> str:
        return f"{self.module} for {self.teacher}"
