"""Courses in the Django admin: to read and find. Every list is what the access policy
lets the staff member see (`core.admin.PolicyAdmin`): the modules and exemplars of the
districts they author for, the cohorts, assignments and enrollments of the districts
they administer. Everything here is written by the courses services (authoring,
publishing, assigning, learning), so nothing is added, changed or deleted here."""

from django.contrib import admin

from core.admin import LargeTableMixin, ServiceRecordAdmin

from . import permissions
from .models import (
    CheckAttempt,
    CheckQuestion,
    Cohort,
    Enrollment,
    Exemplar,
    ExemplarArtifact,
    Module,
    ModuleAssignment,
    Step,
    StepProgress,
)


class ReadOnlyInline(admin.StackedInline):
    extra = 0

    def get_readonly_fields(self, request, obj=None):
        return self.fields or [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class StepInline(ReadOnlyInline):
    model = Step
    fields = ["position", "kind", "title", "body", "video_url", "transcript", "prompt", "pass_mark"]


class ModuleRecordAdmin(ServiceRecordAdmin):
    """A module version, or a row of one (`policy_path`), its authors may see."""

    policy = permissions.modules
    view_action = change_action = "author"


@admin.register(Module)
class ModuleAdmin(ModuleRecordAdmin):
    list_display = ["title", "version", "status", "minutes", "format", "organization", "author"]
    list_filter = ["status", "format", "organization"]
    search_fields = ["title", "summary", "slug"]
    list_select_related = ["organization", "author"]
    inlines = [StepInline]


@admin.register(Step)
class StepAdmin(ModuleRecordAdmin):
    policy_path = "module"
    list_display = ["title", "module", "kind", "position"]
    list_filter = ["kind"]
    search_fields = ["title", "module__title"]
    list_select_related = ["module"]


@admin.register(CheckQuestion)
class CheckQuestionAdmin(ModuleRecordAdmin):
    policy_path = "step__module"
    list_display = ["prompt", "step", "position"]
    search_fields = ["prompt"]
    list_select_related = ["step"]


class EnrollmentRecordAdmin(ServiceRecordAdmin):
    """An enrollment, or a row of one, read by the admins who assign its module."""

    policy = permissions.enrollments
    view_action = change_action = "report"


@admin.register(Enrollment)
class EnrollmentAdmin(LargeTableMixin, EnrollmentRecordAdmin):
    list_display = ["learner", "module", "started_at", "completed_at"]
    list_filter = ["completed_at"]
    search_fields = ["learner__email", "module__title"]
    list_select_related = ["learner", "module"]


@admin.register(StepProgress)
class StepProgressAdmin(EnrollmentRecordAdmin):
    policy_path = "enrollment"
    list_display = ["enrollment", "step", "completed_at", "attempts", "best_score"]
    list_select_related = ["enrollment__learner", "enrollment__module", "step"]


@admin.register(CheckAttempt)
class CheckAttemptAdmin(EnrollmentRecordAdmin):
    policy_path = "enrollment"
    list_display = ["enrollment", "step", "score", "passed", "created_at"]
    list_select_related = ["enrollment__learner", "enrollment__module", "step"]


@admin.register(Cohort)
class CohortAdmin(ServiceRecordAdmin):
    policy = permissions.cohorts
    view_action = change_action = "assign"
    list_display = ["name", "organization"]
    search_fields = ["name"]
    list_select_related = ["organization"]


@admin.register(ModuleAssignment)
class ModuleAssignmentAdmin(ServiceRecordAdmin):
    policy = permissions.assignments
    view_action = change_action = "report"
    list_display = ["module", "school", "section", "cohort", "due_on", "assigned_by"]
    list_select_related = ["module", "school", "section", "cohort", "assigned_by"]


class ExemplarArtifactInline(ReadOnlyInline):
    model = ExemplarArtifact


class ExemplarRecordAdmin(ServiceRecordAdmin):
    """An exemplar, or an artifact of one, its district's authors may see."""

    policy = permissions.exemplars
    view_action = change_action = "review"


@admin.register(Exemplar)
class ExemplarAdmin(ExemplarRecordAdmin):
    list_display = ["title", "grade_band", "subject", "status", "proposed_by"]
    list_filter = ["status", "grade_band", "subject"]
    search_fields = ["title", "lesson_flow"]
    list_select_related = ["proposed_by"]
    inlines = [ExemplarArtifactInline]


@admin.register(ExemplarArtifact)
class ExemplarArtifactAdmin(ExemplarRecordAdmin):
    policy_path = "exemplar"
    list_display = ["title", "exemplar", "kind", "position"]
    list_filter = ["kind"]
    search_fields = ["title"]
    list_select_related = ["exemplar"]
