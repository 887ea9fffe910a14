"""People, organizations, memberships, sections and placements."""

import uuid

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: object) -> "User":
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: object) -> "User":
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> "User":
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in with an e-mail address."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(_("e-mail address"), unique=True)
    name = models.CharField(_("name"), max_length=150, blank=True)
    is_minor = models.BooleanField(
        _("is a minor"),
        default=False,
        help_text=_("Minors' badges and profiles are private by default."),
    )
    profile_public = models.BooleanField(
        _("public profile"),
        default=False,
        help_text=_("Opt-in: show the badges marked public on a public profile page."),
    )
    is_staff = models.BooleanField(_("staff status"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        ordering = ["name", "email"]
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_ci_unique")]

    def __str__(self) -> str:
        return self.name or self.email

    def get_full_name(self) -> str:
        return self.name or self.email

    def get_short_name(self) -> str:
        return (self.name or self.email).split(" ")[0]


class Organization(models.Model):
    class Kind(models.TextChoices):
        DISTRICT = "district", _("School district")
        SCHOOL = "school", _("School")
        EMPLOYER = "employer", _("Employer")
        COLLEGE = "college", _("College")
        ASSOCIATION = "association", _("Industry association")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text=_("A school's district."),
    )
    url = models.URLField(blank=True)
    email = models.EmailField(blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="school") | models.Q(parent__isnull=False),
                name="school_has_district",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    class Role(models.TextChoices):
        ADMIN = "admin", _("District admin")
        TEACHER = "teacher", _("Teacher")
        COACH = "coach", _("Instructional coach")
        STUDENT = "student", _("Student")
        MENTOR = "mentor", _("Industry mentor")
        SUPERVISOR = "supervisor", _("Internship supervisor")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organization__name", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization", "role"], name="membership_unique_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} at {self.organization}"


class Section(models.Model):
    """A class at a school: its teachers and its students."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="sections",
        limit_choices_to={"kind": Organization.Kind.SCHOOL},
    )
    name = models.CharField(max_length=200)
    code = models.CharField(max_length=50, blank=True)
    course_code = models.CharField(
        max_length=50,
        blank=True,
        help_text=_("The course it is a section of, as the SIS names it (e.g. CTE-WELD-1)."),
    )
    subject = models.CharField(
        max_length=100, blank=True, help_text=_("e.g. Welding, English Language Arts")
    )
    school_year = models.CharField(max_length=9, blank=True, help_text=_("e.g. 2026-2027"))
    teachers = models.ManyToManyField(User, related_name="sections_taught", blank=True)
    students = models.ManyToManyField(User, related_name="sections_enrolled", blank=True)

    class Meta:
        ordering = ["school__name", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.school})"


class Placement(models.Model):
    """A student's internship or work-based placement with an outside organization."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    student = models.ForeignKey(User, on_delete=models.CASCADE, related_name="placements")
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="placements"
    )
    supervisor = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="placements_supervised",
    )
    mentor = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="placements_mentored"
    )
    title = models.CharField(max_length=200, blank=True, help_text=_("e.g. Welding intern"))
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="placement_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.student} at {self.organization}"
