from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.utils.html import format_html

from core.admin import PolicyAdmin, ServiceRecordAdmin

from . import hosting, permissions
from .models import Assertion, BadgeClass, CurriculumLink, Issuer


@admin.register(Issuer)
class IssuerAdmin(PolicyAdmin):
    policy = permissions.issuers
    view_action = "manage"
    list_display = ["name", "organization", "email", "created_at"]
    list_filter = ["organization__kind"]
    search_fields = ["name", "email", "organization__name"]
    readonly_fields = ["public_id", "created_at", "hosted_link"]
    autocomplete_fields = ["organization"]

    @admin.display(description="Hosted profile")
    def hosted_link(self, obj: Issuer) -> str:
        if not obj.pk:
            return "-"
        url = hosting.issuer_url(obj)
        return format_html('<a href="{}">{}</a>', url, url)


@admin.register(CurriculumLink)
class CurriculumLinkAdmin(ServiceRecordAdmin):
    """What a badge is taught in (its section teachers review students' evidence). Set
    through `badges.services.badge_class_set_curriculum`, which audits the change."""

    list_display = ["badge_class", "kind", "section", "value"]
    list_filter = ["kind"]
    search_fields = ["badge_class__name", "value", "section__name"]
    list_select_related = ["badge_class", "section"]

    def get_queryset(self, request):
        managed = permissions.badge_classes.queryset(request.user, "manage").values("pk")
        return super().get_queryset(request).filter(badge_class__in=managed)


@admin.register(BadgeClass)
class BadgeClassAdmin(PolicyAdmin):
    policy = permissions.badge_classes
    view_action = "manage"
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
    """Assertions are never deleted or edited here. The revoke action is added by the
    pathways app, whose door revokes (`pathways.admin`)."""

    policy = permissions.assertions
    view_action = change_action = "revoke"

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


# Credit agreements and endorsements -----------------------------------------------------

from .models import CreditAgreement, Endorsement  # noqa: E402


@admin.register(CreditAgreement)
class CreditAgreementAdmin(ServiceRecordAdmin):
    policy = permissions.credit_agreements
    view_action = "manage"
    list_display = [
        "course_code",
        "credits",
        "institution",
        "program_name",
        "badge_class",
        "effective_from",
        "status",
    ]
    list_filter = ["status", "institution"]
    search_fields = ["course_code", "program_name", "badge_class__name"]
    list_select_related = ["institution", "badge_class"]


@admin.register(Endorsement)
class EndorsementAdmin(ServiceRecordAdmin):
    policy = permissions.endorsements
    view_action = "manage"
    list_display = ["badge_class", "endorser", "endorsed_on", "status", "hosted_link"]
    list_filter = ["status", "endorser__kind"]
    search_fields = ["badge_class__name", "endorser__name", "comment"]
    list_select_related = ["badge_class", "endorser"]

    @admin.display(description="Open Badges endorsement")
    def hosted_link(self, obj: Endorsement) -> str:
        url = hosting.endorsement_url(obj)
        return format_html('<a href="{}">{}</a>', url, url)


# Open Badges 3.0 ---------------------------------------------------------------------------

from . import services_ob3  # noqa: E402
from .hosting import credentials  # noqa: E402
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
            return credentials.platform_did()
        url = credentials.did_document_url(obj.issuer)
        return format_html('<a href="{}">{}</a>', url, credentials.issuer_did(obj.issuer))

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
