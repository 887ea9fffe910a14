from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.utils.html import format_html

from . import hosted, services
from .models import Assertion, BadgeClass, Issuer


@admin.register(Issuer)
class IssuerAdmin(admin.ModelAdmin):
    list_display = ["name", "organization", "email", "created_at"]
    list_filter = ["organization__kind"]
    search_fields = ["name", "email", "organization__name"]
    readonly_fields = ["public_id", "created_at", "hosted_link"]
    autocomplete_fields = ["organization"]

    @admin.display(description="Hosted profile")
    def hosted_link(self, obj: Issuer) -> str:
        if not obj.pk:
            return "-"
        url = hosted.issuer_url(obj)
        return format_html('<a href="{}">{}</a>', url, url)


@admin.register(BadgeClass)
class BadgeClassAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "issuer", "audience", "status", "valid_for_days"]
    list_filter = ["status", "audience", "issuer"]
    search_fields = ["name", "slug", "description"]
    readonly_fields = ["public_id", "image_type", "created_at", "updated_at"]
    filter_horizontal = ["alignments"]
    raw_id_fields = ["cte_competency"]
    list_select_related = ["issuer"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Assertion)
class AssertionAdmin(admin.ModelAdmin):
    """Assertions are never deleted or edited here; revoke with the action."""

    list_display = [
        "badge_class",
        "recipient_email",
        "issued_on",
        "expires_at",
        "revoked_at",
        "is_public",
    ]
    list_filter = ["badge_class__issuer", "badge_class", "is_public", "revoked_at"]
    search_fields = ["recipient_email", "public_id", "badge_class__name"]
    date_hierarchy = "issued_on"
    list_select_related = ["badge_class", "recipient"]
    actions = ["revoke_selected"]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

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
            except (PermissionDenied, services.BadgeError) as exc:
                self.message_user(request, f"{assertion}: {exc}", messages.ERROR)
        self.message_user(request, f"Revoked {done} badge(s).", messages.SUCCESS)
