"""Coaching in the Django admin: to read and find, through the access policies. Caseloads,
sessions, goals and recommendations change in the app (their services keep the history
and the audit trail).

Private notes are the coach's alone: the session admin neither shows nor filters on them.
"""

from django.contrib import admin

from core.admin import LargeTableMixin, ReadOnlyAdmin

from . import permissions
from .models import ActionStep, CoachingAssignment, CoachingSession, Goal, Recommendation

PRIVATE = "private_notes"


@admin.register(CoachingAssignment)
class CoachingAssignmentAdmin(ReadOnlyAdmin):
    """The assignments at the schools the staff member manages caseloads for."""

    policy = permissions.assignments
    view_action = "manage"
    list_display = ["coach", "teacher", "school", "starts_on", "ends_on"]
    list_filter = ["school", "ends_on"]
    search_fields = ["coach__email", "teacher__email", "coach__name", "teacher__name"]
    list_select_related = ["coach", "teacher", "school"]


@admin.register(CoachingSession)
class CoachingSessionAdmin(LargeTableMixin, ReadOnlyAdmin):
    policy = permissions.sessions
    view_action = "oversee"
    list_display = ["held_on", "coach", "teacher", "kind", "minutes", "school"]
    list_filter = [("held_on", admin.DateFieldListFilter), "kind", "school"]
    search_fields = ["coach__email", "teacher__email"]
    list_select_related = ["coach", "teacher", "school"]
    exclude = [PRIVATE]

    def get_queryset(self, request):
        return super().get_queryset(request).defer(PRIVATE)

    def get_readonly_fields(self, request, obj=None):
        return [f for f in super().get_readonly_fields(request, obj) if f != PRIVATE]

    def lookup_allowed(self, lookup, value, request=None) -> bool:
        # No filtering on private notes either: that would reveal them letter by letter.
        if lookup.split("__")[0] == PRIVATE:
            return False
        return super().lookup_allowed(lookup, value, request)


class ActionStepInline(admin.TabularInline):
    model = ActionStep
    extra = 0
    fields = ["description", "owner", "due_on", "done_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Goal)
class GoalAdmin(ReadOnlyAdmin):
    policy = permissions.goals
    view_action = "oversee"
    list_display = ["statement", "teacher", "coach", "status", "target_date"]
    list_filter = ["status"]
    search_fields = ["statement", "teacher__email"]
    list_select_related = ["teacher", "coach"]
    inlines = [ActionStepInline]


@admin.register(ActionStep)
class ActionStepAdmin(ReadOnlyAdmin):
    policy = permissions.goals
    view_action = "oversee"
    policy_path = "goal"
    list_display = ["description", "goal", "owner", "due_on", "done_at"]
    list_select_related = ["goal", "owner"]


@admin.register(Recommendation)
class RecommendationAdmin(ReadOnlyAdmin):
    policy = permissions.recommendations
    view_action = "oversee"
    list_display = ["module", "teacher", "coach", "created_at", "dismissed_at"]
    list_select_related = ["module", "teacher", "coach"]
