"""Pathways in the Django admin: to read and find. Build them in the app (its builder
refuses cycles); resolve alerts in the app. Assertions get their revoke action here,
because revoking goes through this app's door."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied

from badges.admin import AssertionAdmin as BadgeAssertionAdmin
from badges.models import Assertion
from core.admin import ReadOnlyAdmin, ServiceRecordAdmin
from core.errors import ServiceError

from . import permissions, services
from .models import Pathway, PathwayAlert, PathwayRequirement


class PathwayRequirementInline(admin.TabularInline):
    model = PathwayRequirement
    fk_name = "pathway"
    extra = 0
    fields = ["kind", "parent", "n", "badge_class", "nested_pathway", "label", "position"]
    raw_id_fields = ["parent", "badge_class", "nested_pathway"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False  # the pathway builder (with its cycle check) changes requirements

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Pathway)
class PathwayAdmin(ServiceRecordAdmin):
    """Read and find pathways here; build them in the app (/pathways/manage/)."""

    policy = permissions.pathways
    view_action = "manage"
    list_display = ["name", "slug", "issuer", "badge_class", "status", "updated_at"]
    list_filter = ["status", "issuer"]
    search_fields = ["name", "slug", "badge_class__name"]
    list_select_related = ["issuer", "badge_class"]
    inlines = [PathwayRequirementInline]


@admin.register(PathwayAlert)
class PathwayAlertAdmin(ServiceRecordAdmin):
    """Resolve alerts in the app (/pathways/manage/alerts/), which revokes through the door."""

    policy = permissions.alerts
    view_action = change_action = "resolve"
    list_display = ["pathway", "earner", "revoked_assertion", "still_complete", "created_at"]
    list_filter = ["pathway", "resolution", "still_complete"]
    list_select_related = ["pathway", "earner", "revoked_assertion__badge_class"]
    search_fields = ["earner__email", "pathway__name"]


@admin.register(PathwayRequirement)
class PathwayRequirementAdmin(ReadOnlyAdmin):
    """Read-only: requirements change in the pathway builder, which refuses cycles."""

    list_display = ["pathway", "kind", "parent", "badge_class", "nested_pathway", "n", "position"]
    list_filter = ["kind", "pathway"]
    list_select_related = ["pathway", "parent", "badge_class", "nested_pathway"]

    def get_queryset(self, request):
        managed = permissions.pathways.queryset(request.user, "manage").values("pk")
        return super().get_queryset(request).filter(pathway__in=managed)


admin.site.unregister(Assertion)


@admin.register(Assertion)
class AssertionAdmin(BadgeAssertionAdmin):
    actions = ["revoke_selected"]

    @admin.action(description="Revoke selected badges (reason: revoked by an administrator)")
    def revoke_selected(self, request, queryset) -> None:
        done = 0
        for assertion in queryset.select_related("badge_class__issuer__organization"):
            if assertion.revoked_at is not None:
                continue
            try:
                services.assertion_revoke(
                    actor=request.user,
                    assertion=assertion,
                    reason="Revoked by an administrator.",
                )
                done += 1
            except (PermissionDenied, ServiceError) as exc:
                self.message_user(request, f"{assertion}: {exc}", messages.ERROR)
        self.message_user(request, f"Revoked {done} badge(s).", messages.SUCCESS)
