"""Badges in the Django admin: every list is what the access policy lets the staff member
see (`core.admin.PolicyAdmin`), and rows services write are changed only through
them — a badge class's status by its workflow's actions, keys by rotating."""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html

from core.admin import LargeTableMixin, PolicyAdmin, ServiceRecordAdmin, SuperuserOnlyAdmin
from core.errors import ServiceError

from . import hosting, permissions, services
from .hosting import credentials
from .models import (
    Assertion,
    BadgeClass,
    CreditAgreement,
    CurriculumLink,
    Endorsement,
    Issuer,
    IssuerKey,
    RevocationDocument,
    StatusListEntry,
)
from .openbadges.images import ImageRejected, check_badge_image
from .services.badge_classes import EDITABLE
from .workflow import BADGE_CLASS_FLOW


def _run_each(
    admin_view: admin.ModelAdmin,
    request: HttpRequest,
    rows: QuerySet,
    call: Callable[[object], object],
    *,
    done: str,
) -> None:
    """Call a service for each selected row; say how many it did and why it refused any."""
    count = 0
    for row in rows:
        try:
            call(row)
        except ServiceError as exc:
            admin_view.message_user(request, f"{row}: {exc.message}", messages.ERROR)
        else:
            count += 1
    admin_view.message_user(request, done % {"count": count}, messages.SUCCESS)


@admin.register(Issuer)
class IssuerAdmin(PolicyAdmin):
    policy = permissions.issuers
    view_action = "manage"
    list_display = ["name", "organization", "email", "created_at"]
    list_filter = ["organization__kind"]
    search_fields = ["name", "email", "organization__name"]
    readonly_fields = ["public_id", "created_at", "hosted_link"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "organization":
            kwargs["queryset"] = permissions.issuing_organizations(request.user).order_by("name")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False  # its hosted profile is permanent

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "organization"] if obj is not None else fields

    def save_model(self, request, obj: Issuer, form, change: bool) -> None:
        """Through `issuer_create` / `issuer_update` (checked, audited)."""
        values = {f: form.cleaned_data.get(f, "") for f in ("name", "url", "email", "description")}
        if change:
            services.issuer_update(actor=request.user, issuer=obj, **values)
            return
        created = services.issuer_create(
            actor=request.user, organization=form.cleaned_data["organization"], **values
        )
        for f in Issuer._meta.concrete_fields:
            setattr(obj, f.attname, getattr(created, f.attname))
        obj._state.adding = False

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

    policy = permissions.badge_classes
    view_action = "manage"
    policy_path = "badge_class"
    list_display = ["badge_class", "kind", "section", "value"]
    list_filter = ["kind"]
    search_fields = ["badge_class__name", "value", "section__name"]
    list_select_related = ["badge_class", "section"]


class BadgeClassAdminForm(forms.ModelForm):
    """The image is checked by content as the services check it (PNG decoded, with a
    pixel limit; SVG sanitized); a refused file is a form error and nothing is saved."""

    upload = forms.FileField(
        label="Image",
        required=False,
        help_text="A PNG or SVG file. Leave empty to keep the current image.",
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/svg+xml,.png,.svg"}),
    )

    criteria_url = forms.URLField(required=False, assume_scheme="https", max_length=200)

    class Meta:
        model = BadgeClass
        fields = [
            "issuer",
            "slug",
            "name",
            "description",
            "criteria_narrative",
            "criteria_url",
            "alignments",
            "tags",
            "audience",
            "credit_institution",
            "credit_hours",
            "credit_course_code",
            "cte_competency",
            "valid_for_days",
        ]

    def clean_upload(self) -> bytes | None:
        upload = self.cleaned_data.get("upload")
        if upload is None:
            if self.instance.pk is None:
                raise forms.ValidationError("A badge needs an image (PNG or SVG).")
            return None
        limit = settings.BADGE_IMAGE_MAX_BYTES
        data = upload.read(limit + 1)
        try:
            check_badge_image(data, max_bytes=limit)
        except ImageRejected as exc:
            raise forms.ValidationError(str(exc)) from exc
        return data


# Set by `badge_class_create`, not the form.
CREATED_BY_SERVICE = {"id", "public_id", "image", "image_type", "status"}


@admin.register(BadgeClass)
class BadgeClassAdmin(PolicyAdmin):
    """Badge classes: made by `badge_class_create` and their images set by
    `badge_class_set_image` (both check the image); their status moves only through the
    workflow's actions (activate, archive), which call the services. Never deleted: a
    badge's hosted address is permanent (archive it instead)."""

    form = BadgeClassAdminForm
    policy = permissions.badge_classes
    view_action = "manage"
    list_display = ["name", "slug", "issuer", "audience", "status", "valid_for_days"]
    list_filter = ["status", "audience", "issuer"]
    search_fields = ["name", "slug", "description"]
    readonly_fields = ["public_id", "status", "image_link", "created_at", "updated_at"]
    filter_horizontal = ["alignments"]
    raw_id_fields = ["cte_competency"]
    list_select_related = ["issuer"]
    prepopulated_fields = {"slug": ["name"]}
    actions = [f"move_{move.name}" for move in BADGE_CLASS_FLOW.moves]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "issuer":
            kwargs["queryset"] = permissions.issuers.queryset(request.user, "manage").order_by(
                "name"
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    @admin.display(description="Current image")
    def image_link(self, obj: BadgeClass) -> str:
        if not obj.image:
            return "-"
        return format_html('<a href="{}">{}</a>', obj.image.url, obj.get_image_type_display())

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None:  # what badge_class_update does not change
            fields += ["issuer", "slug", "tags"]
        return fields

    def get_prepopulated_fields(self, request: HttpRequest, obj=None):
        return {} if obj is not None else super().get_prepopulated_fields(request, obj)

    def save_model(self, request, obj: BadgeClass, form, change: bool) -> None:
        image = form.cleaned_data.get("upload")
        if change:
            values = {f: form.cleaned_data[f] for f in EDITABLE if f in form.cleaned_data}
            services.badge_class_update(actor=request.user, badge_class=obj, image=image, **values)
            return
        fields = {
            f.name: getattr(obj, f.name)
            for f in BadgeClass._meta.concrete_fields
            if f.editable and f.name not in CREATED_BY_SERVICE
        }
        created = services.badge_class_create(
            actor=request.user,
            image=image,
            alignments=list(form.cleaned_data.get("alignments") or ()),
            **fields,
        )
        for f in BadgeClass._meta.concrete_fields:
            setattr(obj, f.attname, getattr(created, f.attname))
        obj._state.adding = False

    def save_related(self, request, form, formsets, change: bool) -> None:
        # Alignments through the service (audited); the created badge has them already.
        if change and "alignments" in form.cleaned_data:
            wanted = set(form.cleaned_data["alignments"])
            current = set(form.instance.alignments.all())
            services.badge_class_set_alignments(
                actor=request.user,
                badge_class=form.instance,
                add=wanted - current,
                remove=current - wanted,
            )
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    @admin.action(description="Activate: publish the selected drafts")
    def move_activate(self, request: HttpRequest, queryset: QuerySet[BadgeClass]) -> None:
        _run_each(
            self,
            request,
            queryset,
            lambda b: services.badge_class_activate(actor=request.user, badge_class=b),
            done="Activated %(count)d badge(s).",
        )

    @admin.action(description="Archive: stop awarding the selected badges")
    def move_archive(self, request: HttpRequest, queryset: QuerySet[BadgeClass]) -> None:
        _run_each(
            self,
            request,
            queryset,
            lambda b: services.badge_class_archive(actor=request.user, badge_class=b),
            done="Archived %(count)d badge(s).",
        )


@admin.register(Assertion)
class AssertionAdmin(LargeTableMixin, ServiceRecordAdmin):
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
    list_filter = [
        ("issued_on", admin.DateFieldListFilter),
        "badge_class__issuer",
        "badge_class",
        "is_public",
        "revoked_at",
    ]
    search_fields = ["recipient_email", "public_id", "badge_class__name"]
    list_select_related = ["badge_class", "recipient"]


# Credit agreements and endorsements -----------------------------------------------------


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


@admin.register(IssuerKey)
class IssuerKeyAdmin(ServiceRecordAdmin):
    """Signing keys are made on first use and rotated here; never edited or deleted
    (a retired key still verifies the credentials it signed)."""

    policy = permissions.issuer_keys
    view_action = change_action = "rotate"
    list_display = ["kid", "issuer", "algorithm", "created_at", "retired_at", "did_link"]
    list_filter = ["retired_at", "issuer"]
    search_fields = ["kid", "issuer__name"]
    list_select_related = ["issuer"]
    fields = ["issuer", "kid", "algorithm", "public_key_multibase", "created_at", "retired_at"]
    actions = ["rotate_selected"]

    @admin.display(description="DID document")
    def did_link(self, obj: IssuerKey) -> str:
        if obj.issuer_id is None:
            return credentials.platform_did()
        url = credentials.did_document_url(obj.issuer)
        return format_html('<a href="{}">{}</a>', url, credentials.issuer_did(obj.issuer))

    @admin.action(description="Rotate: retire the selected active keys and make new ones")
    def rotate_selected(self, request: HttpRequest, queryset: QuerySet[IssuerKey]) -> None:
        _run_each(
            self,
            request,
            queryset.filter(retired_at__isnull=True).select_related("issuer"),
            lambda key: services.issuer_key_rotate(actor=request.user, issuer=key.issuer),
            done="Rotated %(count)d key(s).",
        )


@admin.register(StatusListEntry)
class StatusListEntryAdmin(LargeTableMixin, ServiceRecordAdmin):
    """An assertion's place in its issuer's status list, seen by those who may revoke it."""

    policy = permissions.assertions
    view_action = change_action = "revoke"
    policy_path = "assertion"
    list_display = ["issuer", "index", "assertion", "created_at"]
    list_filter = ["issuer"]
    search_fields = ["assertion__public_id", "assertion__recipient_email"]
    list_select_related = ["issuer", "assertion__badge_class"]


@admin.register(RevocationDocument)
class RevocationDocumentAdmin(SuperuserOnlyAdmin):
    """The stored revocation lists, kept by the revoke service; operators may look (the
    bodies are public at their URLs anyway) and rebuild them with
    `manage.py rebuild_revocation_documents`."""

    list_display = ["issuer", "kind", "version", "revoked_count", "updated_at"]
    list_filter = ["kind"]
    list_select_related = ["issuer"]
    exclude = ["body", "bits"]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields if f.name not in ("body", "bits")]
