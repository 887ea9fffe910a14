"""Pathways in the Django admin: to read and find. Build them in the app (its builder
refuses cycles); resolve alerts in the app. Assertions get their award form and their
revoke action here, because awarding and revoking go through this app's door
(`pathways.services.assertion_award`, `assertion_revoke`): "Add assertion" awards
through it, and revoking asks for the reason verifiers will read."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse

from accounts import permissions as roster
from accounts.models import User
from badges import permissions as badge_permissions
from badges.admin import AssertionAdmin as BadgeAssertionAdmin
from badges.models import Assertion, BadgeClass
from core.admin import ReadOnlyAdmin, ServiceRecordAdmin
from core.errors import ServiceError

from . import permissions, services
from .models import BulkAwardJob, BulkAwardLine, Pathway, PathwayAlert, PathwayRequirement


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


@admin.register(BulkAwardJob)
class BulkAwardJobAdmin(ReadOnlyAdmin):
    """Bulk awards are previewed, confirmed and followed in the console; read here."""

    policy = badge_permissions.badge_classes
    view_action = "award"
    policy_path = "badge_class"
    list_display = ["badge_class", "file_name", "status", "total", "processed", "created_at"]
    list_filter = ["status"]
    search_fields = ["file_name", "badge_class__name"]
    list_select_related = ["badge_class"]
    exclude = ["lines"]  # every line of the file, recipients' addresses included

    def get_readonly_fields(self, request, obj=None):
        return [f for f in super().get_readonly_fields(request, obj) if f != "lines"]


@admin.register(BulkAwardLine)
class BulkAwardLineAdmin(ReadOnlyAdmin):
    policy = badge_permissions.badge_classes
    view_action = "award"
    policy_path = "job__badge_class"
    list_display = ["job", "line", "email", "outcome", "reason"]
    list_filter = ["outcome"]
    list_select_related = ["job__badge_class"]


# Assertions: awarded and revoked through the door ----------------------------------------


class AwardForm(forms.Form):
    """Award one active badge to one person the staff member administers."""

    badge_class = forms.ModelChoiceField(queryset=BadgeClass.objects.none(), label="Badge")
    email = forms.EmailField(
        label="Recipient's e-mail address",
        help_text="Someone with a membership in an organization you administer.",
    )
    narrative = forms.CharField(
        label="What they did",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Optional; shown on the badge.",
    )

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["badge_class"].queryset = (
            badge_permissions.badge_classes.queryset(user, "award")
            .filter(status=BadgeClass.Status.ACTIVE)
            .select_related("issuer")
            .order_by("name")
        )

    def clean_email(self) -> User:
        email = self.cleaned_data["email"]
        found = (
            roster.people.queryset(self.user, "administer")
            .filter(email__iexact=email, is_active=True)
            .first()
        )
        if found is None:
            raise forms.ValidationError(
                "No one with this address is in an organization you administer."
            )
        return found


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label="Reason",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Verifiers read this: it is shown wherever the badge is checked.",
    )


admin.site.unregister(Assertion)


@admin.register(Assertion)
class AssertionAdmin(BadgeAssertionAdmin):
    actions = ["revoke_selected"]

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        # "Add assertion" is the award form below: through the door, never a raw row.
        return request.user.has_perm("badges.add_assertion") and (
            badge_permissions.badge_classes.exists_for(request.user, "award")
        )

    def add_view(self, request: HttpRequest, form_url: str = "", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = AwardForm(request.POST or None, user=request.user)
        if request.method == "POST" and form.is_valid():
            try:
                award = services.assertion_award(
                    actor=request.user,
                    badge_class=form.cleaned_data["badge_class"],
                    recipient=form.cleaned_data["email"],
                    narrative=form.cleaned_data["narrative"],
                )
            except ServiceError as exc:
                form.add_error(None, exc.message)
            else:
                assertion = award.assertion
                if award.created:
                    self.message_user(
                        request, f"Awarded {assertion.badge_class} to {assertion.recipient}."
                    )
                else:
                    self.message_user(
                        request,
                        f"{assertion.recipient} holds {assertion.badge_class} already; "
                        "nothing was awarded.",
                        messages.WARNING,
                    )
                return HttpResponseRedirect(
                    reverse("admin:badges_assertion_change", args=[assertion.pk])
                )
        context = {
            **self.admin_site.each_context(request),
            "title": "Award a badge",
            "opts": self.opts,
            "form": form,
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/badges/assertion/award_form.html", context)

    @admin.action(description="Revoke selected badges (asks for the reason)")
    def revoke_selected(self, request: HttpRequest, queryset):
        live = list(
            queryset.filter(revoked_at__isnull=True).select_related(
                "badge_class__issuer__organization", "recipient"
            )
        )
        if not live:
            self.message_user(request, "None of the selected badges is still valid.")
            return None
        form = RevokeForm(request.POST if "confirm" in request.POST else None)
        if form.is_valid():
            done = 0
            for assertion in live:
                try:
                    services.assertion_revoke(
                        actor=request.user,
                        assertion=assertion,
                        reason=form.cleaned_data["reason"],
                    )
                    done += 1
                except ServiceError as exc:
                    self.message_user(request, f"{assertion}: {exc.message}", messages.ERROR)
            self.message_user(request, f"Revoked {done} badge(s).", messages.SUCCESS)
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Revoke badges",
            "opts": self.opts,
            "form": form,
            "assertions": live,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/badges/assertion/revoke_confirmation.html", context)
