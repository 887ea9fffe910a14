"""The roster in the Django admin, scoped like every other admin (`core.admin`): a
staff member who is not a superuser sees and chooses only the people, organizations,
memberships, sections and placements of the organizations they administer (another
district's rows are not found). Accounts' powers — staff and superuser status,
groups, permissions, the sign-in address and the password — are the superusers' to
change; no one else changes a superuser's account."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from core.admin import (
    LargeTableMixin,
    PolicyAdmin,
    ReadOnlyAdmin,
    ScopedChoicesMixin,
    SuperuserOnlyAdmin,
)

from . import permissions
from .models import (
    DistrictSettings,
    IdentityProvider,
    Membership,
    Organization,
    Placement,
    ProfileRequest,
    RosterConnection,
    RosterImport,
    RosterImportProblem,
    RosterRecord,
    Section,
    User,
)

# What only a superuser may set on an account.
POWERS = ["email", "is_staff", "is_superuser", "groups", "user_permissions"]


class RosterAdmin(PolicyAdmin):
    view_action = change_action = "administer"


class MembershipInline(ScopedChoicesMixin, admin.TabularInline):
    """The person's memberships in organizations the staff member administers (their
    memberships elsewhere are not shown, so not changed)."""

    model = Membership
    extra = 0
    autocomplete_fields = ["organization"]

    def get_queryset(self, request: HttpRequest):
        qs = super().get_queryset(request).select_related("organization")
        if request.user.is_superuser:
            return qs
        return qs.filter(pk__in=permissions.memberships.queryset(request.user, "administer"))


@admin.register(User)
class UserAdmin(LargeTableMixin, RosterAdmin, BaseUserAdmin):
    policy = permissions.people
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

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and not request.user.is_superuser:
            fields += POWERS
        return fields

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)

    def user_change_password(self, request: HttpRequest, id, form_url=""):  # noqa: A002
        # Someone who forgot their password resets it by e-mail; only an operator sets one.
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)


@admin.register(Organization)
class OrganizationAdmin(RosterAdmin):
    policy = permissions.organizations
    list_display = ["name", "kind", "parent", "slug"]
    list_filter = ["kind"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]
    list_select_related = ["parent"]


@admin.register(Membership)
class MembershipAdmin(RosterAdmin):
    policy = permissions.memberships
    list_display = ["user", "organization", "role", "created_at"]
    list_filter = ["role", "organization__kind"]
    search_fields = ["user__email", "user__name", "organization__name"]
    autocomplete_fields = ["user", "organization"]
    list_select_related = ["user", "organization"]


@admin.register(Section)
class SectionAdmin(RosterAdmin):
    policy = permissions.sections
    list_display = ["name", "school", "code", "school_year"]
    list_filter = ["school_year"]
    search_fields = ["name", "code"]
    filter_horizontal = ["teachers", "students"]
    list_select_related = ["school"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "school" and not request.user.is_superuser:
            kwargs["queryset"] = permissions.organizations.queryset(
                request.user, "administer"
            ).filter(kind=Organization.Kind.SCHOOL)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Placement)
class PlacementAdmin(RosterAdmin):
    """Placements of the staff member's students, or at an organization they administer.
    The host, mentor and supervisor are chosen from what they administer too; a
    placement at another organization is set up by an operator or that organization."""

    policy = permissions.placements
    list_display = ["student", "organization", "supervisor", "mentor", "starts_on", "ends_on"]
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
        "password_sign_in",
        "require_mfa",
        "minor_rule",
    ]
    list_select_related = ["district"]


@admin.register(ProfileRequest)
class ProfileRequestAdmin(ReadOnlyAdmin):
    """Minors' public-profile requests, read-only (decided on the console page through
    `profile_request_decide`); a district's admins see their district's."""

    policy = permissions.profile_requests
    view_action = "decide"
    change_action = "decide"
    list_display = ["user", "district", "approval", "status", "created_at", "decided_by"]
    list_filter = ["status", "approval"]
    list_select_related = ["user", "district", "decided_by"]


# Identity providers, SIS connections and roster imports are set up and run on the
# console pages through their services (secrets are sealed there); operators may look.
@admin.register(IdentityProvider)
class IdentityProviderAdmin(SuperuserOnlyAdmin):
    list_display = ["name", "kind", "district", "slug", "enabled", "updated_at"]
    list_filter = ["kind", "enabled"]
    list_select_related = ["district"]
    exclude = ["secret_sealed"]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields if f.name != "secret_sealed"]


@admin.register(RosterConnection)
class RosterConnectionAdmin(IdentityProviderAdmin):
    list_display = ["district", "base_url", "enabled", "last_modified_seen"]
    list_filter = ["enabled"]


@admin.register(RosterImport)
class RosterImportAdmin(SuperuserOnlyAdmin):
    list_display = ["created_at", "district", "source", "status", "file_name", "processed"]
    list_filter = ["source", "status"]
    list_select_related = ["district"]


@admin.register(RosterImportProblem)
class RosterImportProblemAdmin(SuperuserOnlyAdmin):
    list_display = ["job", "file_name", "line", "sourced_id", "reason"]
    list_select_related = ["job"]


@admin.register(RosterRecord)
class RosterRecordAdmin(LargeTableMixin, SuperuserOnlyAdmin):
    list_display = ["district", "kind", "sourced_id", "status", "user", "updated_at"]
    list_filter = ["kind", "status"]
    search_fields = ["sourced_id", "identifier", "username"]
    list_select_related = ["district", "user"]
    raw_id_fields = ["user", "organization", "section", "membership"]
