"""A district's own settings, and minors' requests for a public profile."""

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .people import Organization, User


class DistrictSettings(models.Model):
    """A district's own choices for its program: privacy thresholds, review targets,
    and who must approve a minor's public profile. A district without a row uses the
    defaults (`accounts.selectors.district_settings_of`)."""

    class MinorProfileApproval(models.TextChoices):
        NONE = "none", _("The student may switch it on")
        ADMIN = "admin", _("A district admin must approve")
        GUARDIAN = "guardian", _("A parent or guardian must approve")

    class MinorRule(models.TextChoices):
        BIRTH_DATE = (
            "birth_date",
            _("By birth date; a student whose birth date is not known is a minor"),
        )
        BIRTH_DATE_OR_GRADE = (
            "birth_date_or_grade",
            _("By birth date; without one, only students in grade 13 or postsecondary are adults"),
        )
        ALL_STUDENTS = "all_students", _("Every student is a minor")

    district = models.OneToOneField(
        Organization,
        on_delete=models.CASCADE,
        related_name="district_settings",
        limit_choices_to={"kind": Organization.Kind.DISTRICT},
    )
    small_group_threshold = models.PositiveSmallIntegerField(
        _("smallest group shown in reports"),
        default=10,
        help_text=_("Counts about fewer people than this are suppressed."),
    )
    review_target_days = models.PositiveSmallIntegerField(
        _("review target (days)"),
        default=14,
        help_text=_("Evidence waiting longer than this for a decision is overdue."),
    )
    minor_profile_approval = models.CharField(
        _("a minor's public profile"),
        max_length=20,
        choices=MinorProfileApproval.choices,
        default=MinorProfileApproval.ADMIN,
    )
    # Sign-in (issue 11): password sign-in may be switched off for a district that
    # signs its people in through its identity provider (`accounts.sso`).
    password_sign_in = models.BooleanField(
        _("password sign-in"),
        default=True,
        help_text=_(
            "People of this district may sign in with an e-mail address and password. "
            "Switch off when everyone signs in through the district's identity provider."
        ),
    )
    require_mfa = models.BooleanField(
        _("require two-factor authentication"),
        default=False,
        help_text=_(
            "District admins and anyone who reviews minors' evidence must use a second "
            "factor (authenticator app, passkey or security key)."
        ),
    )
    # Roster import (`accounts.oneroster`): which students are minors.
    minor_rule = models.CharField(
        _("who is a minor"),
        max_length=20,
        choices=MinorRule.choices,
        default=MinorRule.BIRTH_DATE,
    )
    age_of_majority = models.PositiveSmallIntegerField(
        _("age of majority"),
        default=18,
        help_text=_("Students younger than this on the day of the import are minors."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "district settings"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(small_group_threshold__gte=2),
                name="district_settings_threshold_at_least_2",
            ),
            models.CheckConstraint(
                condition=models.Q(review_target_days__gte=1),
                name="district_settings_review_target_positive",
            ),
            models.CheckConstraint(
                condition=models.Q(age_of_majority__gte=14) & models.Q(age_of_majority__lte=21),
                name="district_settings_age_of_majority_range",
            ),
        ]

    def __str__(self) -> str:
        return f"Settings of {self.district}"


class ProfileRequest(models.Model):
    """A minor's request to switch their public profile on, where their district wants
    someone to approve it first (`DistrictSettings.minor_profile_approval`): a district
    admin, or a district admin confirming that a parent or guardian agreed (Cairn holds
    no guardian contacts). Approving switches the profile on."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="profile_requests")
    district = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="profile_requests",
        null=True,
        blank=True,
        help_text=_("The district whose admins decide; empty: Cairn's operators decide."),
    )
    approval = models.CharField(
        max_length=20,
        choices=DistrictSettings.MinorProfileApproval.choices,
        help_text=_("What the district asked for when the request was made."),
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=500, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(status="pending"),
                name="profile_request_one_pending_per_user",
            )
        ]
        indexes = [models.Index(fields=["district", "status"], name="profile_request_queue_idx")]

    def __str__(self) -> str:
        return f"Public profile of {self.user}: {self.status}"
