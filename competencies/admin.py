"""Frameworks in the Django admin: to read and find. Frameworks are shared by every
district and come from the state's CASE packages (`framework_import_case`, from the
console or `manage.py import_case`), so nothing is added, changed or deleted here. A
framework's competencies are a paginated list (a state framework has thousands), not
a form on the framework's page."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html

from core.admin import ReadOnlyAdmin

from . import permissions
from .models import Competency, CompetencyAssociation, Framework, FrameworkImport


@admin.register(Framework)
class FrameworkAdmin(ReadOnlyAdmin):
    list_display = ["title", "version", "creator", "case_identifier", "items", "updated_at"]
    search_fields = ["title", "creator", "case_identifier"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(item_count=Count("competencies"))

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "items"]

    @admin.display(description="Competencies", ordering="item_count")
    def items(self, obj: Framework) -> str:
        url = reverse("admin:competencies_competency_changelist")
        return format_html(
            '<a href="{}?framework__id__exact={}">{}</a>', url, obj.pk, obj.item_count
        )


@admin.register(Competency)
class CompetencyAdmin(ReadOnlyAdmin):
    list_display = ["code", "statement", "framework", "parent", "retired_at"]
    list_filter = ["framework", ("retired_at", admin.EmptyFieldListFilter)]
    search_fields = ["code", "statement", "case_identifier"]
    list_select_related = ["framework", "parent"]
    list_per_page = 100
    show_full_result_count = False  # a count of a 3,000-item framework on every page


@admin.register(CompetencyAssociation)
class CompetencyAssociationAdmin(ReadOnlyAdmin):
    """Every CASE association but `isChildOf` (that one is the tree), as imported."""

    list_display = ["origin", "association_type", "destination", "destination_title"]
    list_filter = ["association_type", "framework"]
    search_fields = ["origin__code", "destination_identifier", "destination_title"]
    list_select_related = ["origin", "destination"]
    raw_id_fields = ["origin", "destination"]
    list_per_page = 100
    show_full_result_count = False


@admin.register(FrameworkImport)
class FrameworkImportAdmin(ReadOnlyAdmin):
    """Staged imports, seen by their author; previewed and confirmed in the console."""

    policy = permissions.imports
    view_action = "view"
    list_display = ["source_name", "created_by", "created_at", "imported_at", "framework"]
    list_select_related = ["created_by", "framework"]
    exclude = ["data"]  # the uploaded package itself

    def get_readonly_fields(self, request, obj=None):
        return [f for f in super().get_readonly_fields(request, obj) if f != "data"]
