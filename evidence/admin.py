"""Evidence in the Django admin. Rows are those the access policies let the staff member
see: another district's submissions, reviews and files are not there. Submissions and
what belongs to them are written by the services only (read-only here)."""

from django.contrib import admin

from core.admin import LargeTableMixin, PolicyAdmin, ReadOnlyAdmin, SuperuserOnlyAdmin
from core.models import Notification

from . import permissions
from .models import (
    ApprovalPolicy,
    Artifact,
    ModerationCase,
    Review,
    ReviewerGroup,
    ReviewerNote,
    Rubric,
    RubricCriterion,
    StatusChange,
    Submission,
    SubmissionVersion,
)


class EvidenceRecordAdmin(ReadOnlyAdmin):
    """A row of a submission the staff member may see (the submission policy's view)."""

    policy = permissions.submissions
    view_action = "view"
    policy_path = "submission"


class CriterionInline(admin.StackedInline):
    model = RubricCriterion
    extra = 0


@admin.register(Rubric)
class RubricAdmin(PolicyAdmin):
    policy = permissions.rubrics
    view_action = "manage"
    list_display = ["name", "organization"]
    list_filter = ["organization"]
    search_fields = ["name"]
    inlines = [CriterionInline]


@admin.register(ReviewerGroup)
class ReviewerGroupAdmin(PolicyAdmin):
    policy = permissions.reviewer_groups
    view_action = "manage"
    list_display = ["name", "organization", "is_moderation_committee"]
    list_filter = ["is_moderation_committee", "organization"]
    search_fields = ["name"]
    filter_horizontal = ["members"]


@admin.register(ApprovalPolicy)
class ApprovalPolicyAdmin(PolicyAdmin):
    policy = permissions.approval_policies
    view_action = "manage"
    list_display = ["badge_class", "rubric", "threshold", "approvals_needed", "moderation_rate"]
    list_filter = ["allow_section_teacher", "allow_coach", "allow_mentor", "allow_supervisor"]
    search_fields = ["badge_class__name"]
    list_select_related = ["badge_class", "rubric"]


class VersionInline(admin.TabularInline):
    model = SubmissionVersion
    extra = 0
    can_delete = False
    readonly_fields = ["number", "created_at", "submitted_at"]


@admin.register(Submission)
class SubmissionAdmin(LargeTableMixin, EvidenceRecordAdmin):
    policy_path = ""
    list_display = ["badge_class", "earner", "status", "version", "submitted_by", "updated_at"]
    list_filter = [("updated_at", admin.DateFieldListFilter), "status", "badge_class"]
    search_fields = ["earner__email", "earner__name", "badge_class__name", "public_id"]
    list_select_related = ["badge_class", "earner", "submitted_by"]
    inlines = [VersionInline]


@admin.register(Artifact)
class ArtifactAdmin(EvidenceRecordAdmin):
    policy_path = "version__submission"
    list_display = ["__str__", "kind", "content_type", "size", "created_at"]
    list_filter = ["kind"]
    search_fields = ["title", "original_name", "url"]


@admin.register(Review)
class ReviewAdmin(LargeTableMixin, EvidenceRecordAdmin):
    list_display = ["submission", "reviewer", "acting_as", "decision", "created_at"]
    list_filter = ["decision", "acting_as"]
    search_fields = ["reviewer__email", "submission__earner__email"]
    list_select_related = ["submission__badge_class", "submission__earner", "reviewer"]


@admin.register(StatusChange)
class StatusChangeAdmin(EvidenceRecordAdmin):
    list_display = ["submission", "from_status", "to_status", "actor", "created_at"]
    list_filter = ["to_status"]
    list_select_related = ["submission__badge_class", "submission__earner", "actor"]


@admin.register(ModerationCase)
class ModerationCaseAdmin(EvidenceRecordAdmin):
    list_display = ["submission", "committee", "status", "decided_by", "created_at"]
    list_filter = ["status"]
    list_select_related = [
        "submission__badge_class",
        "submission__earner",
        "committee",
        "decided_by",
    ]


@admin.register(ReviewerNote)
class ReviewerNoteAdmin(EvidenceRecordAdmin):
    list_display = ["submission", "author", "created_at"]


@admin.register(Notification)
class NotificationAdmin(SuperuserOnlyAdmin):
    list_display = ["user", "message", "created_at", "read_at"]
    search_fields = ["user__email", "message"]
    list_select_related = ["user"]


@admin.register(RubricCriterion)
class RubricCriterionAdmin(PolicyAdmin):
    policy = permissions.rubrics
    view_action = "manage"
    policy_path = "rubric"
    list_display = ["name", "rubric", "position"]
    list_filter = ["rubric"]
    search_fields = ["name"]
    list_select_related = ["rubric"]


@admin.register(SubmissionVersion)
class SubmissionVersionAdmin(EvidenceRecordAdmin):
    list_display = ["submission", "number", "created_at", "submitted_at"]
    list_select_related = ["submission__badge_class", "submission__earner"]
