from django.contrib import admin

from .models import ActionStep, CoachingAssignment, CoachingSession, Goal, Recommendation


@admin.register(CoachingAssignment)
class CoachingAssignmentAdmin(admin.ModelAdmin):
    list_display = ["coach", "teacher", "school", "starts_on", "ends_on"]
    list_filter = ["school", "ends_on"]
    search_fields = ["coach__email", "teacher__email", "coach__name", "teacher__name"]
    list_select_related = ["coach", "teacher", "school"]
    autocomplete_fields = ["coach", "teacher", "school"]
    readonly_fields = ["public_id", "assigned_by", "ended_by", "created_at"]


@admin.register(CoachingSession)
class CoachingSessionAdmin(admin.ModelAdmin):
    """Private notes are the coach's alone: not shown, not editable, not exported here."""

    list_display = ["held_on", "coach", "teacher", "kind", "minutes", "school"]
    list_filter = ["kind", "school"]
    search_fields = ["coach__email", "teacher__email"]
    list_select_related = ["coach", "teacher", "school"]
    exclude = ["private_notes"]
    readonly_fields = ["public_id", "coach", "teacher", "school", "created_at"]
    date_hierarchy = "held_on"

    def get_queryset(self, request):
        return super().get_queryset(request).defer("private_notes")

    def has_add_permission(self, request) -> bool:
        return False

    def lookup_allowed(self, lookup, value, request=None) -> bool:
        # No filtering on private notes either: that would reveal them letter by letter.
        if lookup.split("__")[0] == "private_notes":
            return False
        return super().lookup_allowed(lookup, value, request)


class ActionStepInline(admin.TabularInline):
    model = ActionStep
    extra = 0


@admin.register(Goal)
class GoalAdmin(admin.ModelAdmin):
    list_display = ["statement", "teacher", "coach", "status", "target_date"]
    list_filter = ["status"]
    search_fields = ["statement", "teacher__email"]
    list_select_related = ["teacher", "coach"]
    filter_horizontal = ["modules", "badge_classes"]
    inlines = [ActionStepInline]


@admin.register(ActionStep)
class ActionStepAdmin(admin.ModelAdmin):
    list_display = ["description", "goal", "owner", "due_on", "done_at"]
    list_select_related = ["goal", "owner"]


@admin.register(Recommendation)
class RecommendationAdmin(admin.ModelAdmin):
    list_display = ["module", "teacher", "coach", "created_at", "dismissed_at"]
    list_select_related = ["module", "teacher", "coach"]
