from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.utils.html import format_html

from core.admin import ReadOnlyAdmin, ServiceRecordAdmin

from . import hosted, services, services_pathways
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
class AssertionAdmin(ServiceRecordAdmin):
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

    @admin.action(description="Revoke selected badges (reason: revoked by an administrator)")
    def revoke_selected(self, request, queryset) -> None:
        done = 0
        for assertion in queryset.select_related("badge_class__issuer__organization"):
            if assertion.revoked_at is not None:
                continue
            try:
                services_pathways.revoke_and_alert(
                    actor=request.user,
                    assertion=assertion,
                    reason="Revoked by an administrator.",
                )
                done += 1
            except (PermissionDenied, services.BadgeError) as exc:
                self.message_user(request, f"{assertion}: {exc}", messages.ERROR)
        self.message_user(request, f"Revoked {done} badge(s).", messages.SUCCESS)


# Pathways, credit agreements, endorsements ----------------------------------------------

from .models import (  # noqa: E402
    CreditAgreement,
    Endorsement,
    Pathway,
    PathwayAlert,
    PathwayRequirement,
)


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

    list_display = ["name", "slug", "issuer", "badge_class", "status", "updated_at"]
    list_filter = ["status", "issuer"]
    search_fields = ["name", "slug", "badge_class__name"]
    list_select_related = ["issuer", "badge_class"]
    inlines = [PathwayRequirementInline]


@admin.register(PathwayAlert)
class PathwayAlertAdmin(ServiceRecordAdmin):
    """Resolve alerts in the app (/pathways/manage/alerts/), which revokes through the service."""

    list_display = ["pathway", "earner", "revoked_assertion", "still_complete", "created_at"]
    list_filter = ["pathway", "resolution", "still_complete"]
    list_select_related = ["pathway", "earner", "revoked_assertion__badge_class"]
    search_fields = ["earner__email", "pathway__name"]


@admin.register(CreditAgreement)
class CreditAgreementAdmin(ServiceRecordAdmin):
    list_display = [
        "course_code",
        "credits",
        "institution",
        "program_name",
        "badge_class",
        "pathway",
        "effective_from",
        "status",
    ]
    list_filter = ["status", "institution"]
    search_fields = ["course_code", "program_name", "badge_class__name", "pathway__name"]
    list_select_related = ["institution", "badge_class", "pathway"]


@admin.register(Endorsement)
class EndorsementAdmin(ServiceRecordAdmin):
    list_display = ["badge_class", "endorser", "endorsed_on", "status", "hosted_link"]
    list_filter = ["status", "endorser__kind"]
    search_fields = ["badge_class__name", "endorser__name", "comment"]
    list_select_related = ["badge_class", "endorser"]

    @admin.display(description="Open Badges endorsement")
    def hosted_link(self, obj: Endorsement) -> str:
        url = hosted.endorsement_url(obj)
        return format_html('<a href="{}">{}</a>', url, url)


@admin.register(PathwayRequirement)
class PathwayRequirementAdmin(ReadOnlyAdmin):
    """Read-only: requirements change in the pathway builder, which refuses cycles."""

    list_display = ["pathway", "kind", "parent", "badge_class", "nested_pathway", "n", "position"]
    list_filter = ["kind", "pathway"]
    list_select_related = ["pathway", "parent", "badge_class", "nested_pathway"]


# Open Badges 3.0 ---------------------------------------------------------------------------

from . import hosted_ob3, services_ob3  # noqa: E402
from .models import IssuerKey, StatusListEntry  # noqa: E402


@admin.register(IssuerKey)
class IssuerKeyAdmin(admin.ModelAdmin):
    """Signing keys are made on first use and rotated here; never edited or deleted
    (a retired key still verifies the credentials it signed)."""

    list_display = ["kid", "issuer", "algorithm", "created_at", "retired_at", "did_link"]
    list_filter = ["retired_at", "issuer"]
    search_fields = ["kid", "issuer__name"]
    list_select_related = ["issuer"]
    fields = ["issuer", "kid", "algorithm", "public_key_multibase", "created_at", "retired_at"]
    actions = ["rotate_selected"]

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description="DID document")
    def did_link(self, obj: IssuerKey) -> str:
        if obj.issuer_id is None:
            return hosted_ob3.platform_did()
        url = hosted_ob3.did_document_url(obj.issuer)
        return format_html('<a href="{}">{}</a>', url, hosted_ob3.issuer_did(obj.issuer))

    @admin.action(description="Rotate: retire the selected active keys and make new ones")
    def rotate_selected(self, request, queryset) -> None:
        done = 0
        for key in queryset.filter(retired_at__isnull=True).select_related("issuer"):
            try:
                services_ob3.issuer_key_rotate(actor=request.user, issuer=key.issuer)
                done += 1
            except PermissionDenied as exc:
                self.message_user(request, f"{key}: {exc}", messages.ERROR)
        self.message_user(request, f"Rotated {done} key(s).", messages.SUCCESS)


@admin.register(StatusListEntry)
class StatusListEntryAdmin(ServiceRecordAdmin):
    list_display = ["issuer", "index", "assertion", "created_at"]
    list_filter = ["issuer"]
    search_fields = ["assertion__public_id", "assertion__recipient_email"]
    list_select_related = ["issuer", "assertion__badge_class"]
