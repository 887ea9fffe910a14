"""Admin bases every app shares.

The Django admin is one more door into Cairn: it asks the same access policies as the
pages and the API, and rows that only services write cannot be added, changed or
deleted here.
"""

from __future__ import annotations

from typing import Any, ClassVar

from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.db import models
from django.http import Http404, HttpRequest

from .models import AuditAction, AuditEntry, NoticePreference, Transition
from .pagination import LargeTablePaginator
from .policies import Policy

# The admin's sign-in is Cairn's own (allauth's), with its rate limits on failed
# attempts (ACCOUNT_RATE_LIMITS "login_failed") and its e-mail verification: the admin
# login page sends the visitor there and back; signed in without staff status, 403.
admin.site.login = secure_admin_login(admin.site.login)


class ScopedChoicesMixin:
    """Choices in foreign keys and many-to-many fields (selects and autocompletes) are
    the rows the related model's admin shows the staff member: its `get_queryset`,
    which for a `PolicyAdmin` is what its policy gives them. Superusers choose from all.

    A field whose queryset the admin sets itself (`kwargs["queryset"]`) keeps it."""

    def _scoped_choices(self, db_field, request: HttpRequest, kwargs: dict) -> None:
        if "queryset" in kwargs or request.user.is_superuser:
            return
        related = self.admin_site._registry.get(db_field.remote_field.model)
        if related is not None:
            kwargs["queryset"] = related.get_queryset(request)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        self._scoped_choices(db_field, request, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        self._scoped_choices(db_field, request, kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class PolicyAdmin(ScopedChoicesMixin, admin.ModelAdmin):
    """A model admin whose rows are those the access policy lets the staff member see.

    `policy` answers `view_action` for the list and each object, and `change_action`
    for changing one; superusers see what the policy gives superusers. Someone the
    policy gives nothing sees an empty list, and another organization's row is not
    found.
    """

    # Web addresses typed without a scheme are https (Django 6's default).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    policy: ClassVar[Policy | None] = None
    view_action: ClassVar[str] = "view"
    change_action: ClassVar[str] = "manage"
    # For a row that belongs to the policy's object (an artifact of a submission): the
    # path from this model to it ("version__submission").
    policy_path: ClassVar[str] = ""

    def _guarded(self, obj: Any) -> Any:
        for step in self.policy_path.split("__") if self.policy_path else ():
            obj = getattr(obj, step)
        return obj

    def get_queryset(self, request: HttpRequest):
        qs = super().get_queryset(request)
        if self.policy is None:
            return qs
        allowed = self.policy.queryset(request.user, self.view_action)
        if not allowed.query.where and self._path_required():
            return qs  # every row (a superuser): no `pk IN (all pks)` for the database to read
        return qs.filter(**{f"{self.policy_path or 'pk'}__in": allowed.values("pk")})

    def _path_required(self) -> bool:
        """Does every row have the policy's object (no empty foreign key on the path)?"""
        model = self.model
        for step in self.policy_path.split("__") if self.policy_path else ():
            field = model._meta.get_field(step)
            if field.null:
                return False
            model = field.related_model
        return True

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if not super().has_change_permission(request, obj):
            return False
        if obj is None or self.policy is None:
            return True
        return self.policy.allows(request.user, self.change_action, self._guarded(obj))

    def get_list_filter(self, request: HttpRequest):
        # A filter on a related row lists only the values in the staff member's rows,
        # never every district's badges or schools.
        return [_related_only(self.model, entry) for entry in super().get_list_filter(request)]

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # A row outside the staff member's scope is not found (404), the same answer as
        # for a row that does not exist: the admin does not say "perhaps it was deleted".
        raise Http404


class LargeTableMixin:
    """For tables of millions of rows: the count is the planner's estimate or stops at
    10,000 (`core.pagination.LargeTablePaginator`), no second count of the whole table,
    no facet counts, no date hierarchy (its DISTINCT over every row); put a `DateFieldListFilter`
    ("past 7 days", "this month") in `list_filter` instead. A superuser's related
    filters list every related row (the small table) rather than only those the big
    table uses, which would read all of it."""

    paginator = LargeTablePaginator
    show_full_result_count = False
    # Facets ("show counts") count every filter's values over the whole table.
    show_facets = admin.ShowFacets.NEVER
    date_hierarchy = None

    def get_list_filter(self, request: HttpRequest):
        if request.user.is_superuser:
            return list(self.list_filter)
        return super().get_list_filter(request)


def _related_only(model: type[models.Model], entry: Any) -> Any:
    if not isinstance(entry, str):
        return entry
    field = None
    for step in entry.split("__"):
        field = model._meta.get_field(step)
        if not field.is_relation:
            return entry
        model = field.related_model
    return (entry, admin.RelatedOnlyFieldListFilter) if field is not None else entry


class ServiceRecordAdmin(PolicyAdmin):
    """Made and changed through services only: every field read-only, no add, no delete.

    Admin actions that call a service (revoke, rotate) still work.
    """

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ReadOnlyAdmin(ServiceRecordAdmin):
    """To look at only: not even the change form."""

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class SuperuserOnlyAdmin(ReadOnlyAdmin):
    """Rows about every organization at once: for the platform's operators only."""

    def has_view_permission(self, request, obj=None) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)

    def has_module_permission(self, request) -> bool:
        return self.has_view_permission(request)


class AuditActionFilter(admin.SimpleListFilter):
    """The actions Cairn records (`AuditAction`), not a DISTINCT over the whole log."""

    title = "action"
    parameter_name = "action"

    def lookups(self, request, model_admin):
        return AuditAction.choices

    def queryset(self, request, queryset):
        return queryset.filter(action=self.value()) if self.value() else queryset


@admin.register(AuditEntry)
class AuditEntryAdmin(LargeTableMixin, SuperuserOnlyAdmin):
    list_display = ["created_at", "actor_label", "action", "target_type", "target_id"]
    list_filter = [("created_at", admin.DateFieldListFilter), AuditActionFilter]
    search_fields = ["actor_label", "target_id", "action", "target_type"]


@admin.register(Transition)
class TransitionAdmin(LargeTableMixin, SuperuserOnlyAdmin):
    list_display = [
        "created_at",
        "actor_label",
        "target_type",
        "target_id",
        "from_status",
        "to_status",
    ]
    list_filter = [("created_at", admin.DateFieldListFilter)]
    search_fields = ["actor_label", "target_id", "target_type", "to_status"]


@admin.register(NoticePreference)
class NoticePreferenceAdmin(SuperuserOnlyAdmin):
    # Each person sets their own on the notifications page (core.notices).
    list_display = ["user", "email", "updated_at"]
    list_select_related = ["user"]
    search_fields = ["user__email"]
