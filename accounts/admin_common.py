"""Admin bases for rows that only services write (awards, reviews, audit, keys...)."""

from django.contrib import admin


class ServiceRecordAdmin(admin.ModelAdmin):
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
