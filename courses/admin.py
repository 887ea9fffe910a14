from django.contrib import admin

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


class StepInline(admin.StackedInline):
    model = Step
    extra = 0
    fields = ["position", "kind", "title", "body", "video_url", "transcript", "prompt", "pass_mark"]


@admin.register(Module)
class ModuleAdmin(admin.ModelAdmin):
    list_display = ["title", "version", "status", "minutes", "format", "organization", "author"]
    list_filter = ["status", "format", "organization"]
    search_fields = ["title", "summary", "slug"]
    readonly_fields = ["public_id", "family", "grade_bands_key", "subjects_key", "search_text"]
    filter_horizontal = ["competencies"]
    list_select_related = ["organization", "author"]
    inlines = [StepInline]


@admin.register(Step)
class StepAdmin(admin.ModelAdmin):
    list_display = ["title", "module", "kind", "position"]
    list_filter = ["kind"]
    search_fields = ["title", "module__title"]
    list_select_related = ["module"]


@admin.register(CheckQuestion)
class CheckQuestionAdmin(admin.ModelAdmin):
    list_display = ["prompt", "step", "position"]
    search_fields = ["prompt"]
    list_select_related = ["step"]


@admin.register(Enrollment)
class EnrollmentAdmin(admin.ModelAdmin):
    list_display = ["learner", "module", "started_at", "completed_at"]
    list_filter = ["completed_at"]
    search_fields = ["learner__email", "module__title"]
    list_select_related = ["learner", "module"]
    readonly_fields = ["public_id"]


@admin.register(StepProgress)
class StepProgressAdmin(admin.ModelAdmin):
    list_display = ["enrollment", "step", "completed_at", "attempts", "best_score"]
    list_select_related = ["enrollment__learner", "enrollment__module", "step"]


@admin.register(CheckAttempt)
class CheckAttemptAdmin(admin.ModelAdmin):
    list_display = ["enrollment", "step", "score", "passed", "created_at"]
    list_select_related = ["enrollment__learner", "enrollment__module", "step"]


@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin):
    list_display = ["name", "organization"]
    search_fields = ["name"]
    filter_horizontal = ["members"]


@admin.register(ModuleAssignment)
class ModuleAssignmentAdmin(admin.ModelAdmin):
    list_display = ["module", "school", "section", "cohort", "due_on", "assigned_by"]
    list_select_related = ["module", "school", "section", "cohort", "assigned_by"]


class ExemplarArtifactInline(admin.TabularInline):
    model = ExemplarArtifact
    extra = 0


@admin.register(Exemplar)
class ExemplarAdmin(admin.ModelAdmin):
    list_display = ["title", "grade_band", "subject", "status", "proposed_by"]
    list_filter = ["status", "grade_band", "subject"]
    search_fields = ["title", "lesson_flow"]
    filter_horizontal = ["standards"]
    list_select_related = ["proposed_by"]
    inlines = [ExemplarArtifactInline]


@admin.register(ExemplarArtifact)
class ExemplarArtifactAdmin(admin.ModelAdmin):
    list_display = ["title", "exemplar", "kind", "position"]
    list_filter = ["kind"]
    search_fields = ["title"]
    list_select_related = ["exemplar"]
