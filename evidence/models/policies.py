"""How evidence is judged: reviewer kinds and groups, rubrics, approval policies."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization
from badges.models import BadgeClass

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
