from django.contrib import admin

from .models import Competency, Framework


class CompetencyInline(admin.TabularInline):
    model = Competency
    extra = 0
    fields = ["code", "statement", "parent", "list_order"]
    raw_id_fields = ["parent"]
    show_change_link = True


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    list_display = ["title", "version", "creator", "case_identifier", "updated_at"]
    search_fields = ["title", "creator", "case_identifier"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["public_id", "created_at", "updated_at"]
    inlines = [CompetencyInline]


@admin.register(Competency)
class CompetencyAdmin(admin.ModelAdmin):
    list_display = ["code", "statement", "framework", "parent"]
    list_filter = ["framework"]
    search_fields = ["code", "statement", "case_identifier"]
    raw_id_fields = ["parent"]
    list_select_related = ["framework", "parent"]
