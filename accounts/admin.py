from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from core.admin import SuperuserOnlyAdmin

from .models import DistrictSettings, Membership, Organization, Placement, Section, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["organization"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "name", "is_minor", "is_staff", "is_active", "date_joined"]
    list_filter = ["is_staff", "is_superuser", "is_active", "is_minor", "memberships__role"]
    search_fields = ["email", "name"]
    readonly_fields = ["public_id", "date_joined", "last_login"]
    inlines = [MembershipInline]
    fieldsets = [
        (None, {"fields": ["email", "password", "public_id"]}),
        ("Profile", {"fields": ["name", "is_minor", "profile_public"]}),
        (
            "Permissions",
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "name", "password1", "password2"]})
    ]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "parent", "slug"]
    list_filter = ["kind"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organization", "role", "created_at"]
    list_filter = ["role", "organization__kind"]
    search_fields = ["user__email", "user__name", "organization__name"]
    autocomplete_fields = ["user", "organization"]
    list_select_related = ["user", "organization"]


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "school", "code", "school_year"]
    list_filter = ["school", "school_year"]
    search_fields = ["name", "code"]
    filter_horizontal = ["teachers", "students"]
    list_select_related = ["school"]


@admin.register(Placement)
class PlacementAdmin(admin.ModelAdmin):
    list_display = ["student", "organization", "supervisor", "mentor", "starts_on", "ends_on"]
    list_filter = ["organization"]
    search_fields = ["student__email", "student__name", "organization__name", "title"]
    autocomplete_fields = ["student", "organization", "supervisor", "mentor"]
    list_select_related = ["student", "organization", "supervisor", "mentor"]


@admin.register(DistrictSettings)
class DistrictSettingsAdmin(SuperuserOnlyAdmin):
    list_display = [
        "district",
        "small_group_threshold",
        "review_target_days",
        "minor_profile_approval",
    ]
    list_select_related = ["district"]
