"""Staff accounts for Django admin tests: a person made staff with an app's model
permissions (what an operator grants a district's admin), and the rows a changelist
shows them."""

from __future__ import annotations

from django.contrib.auth.models import Permission
from django.urls import reverse

from accounts.models import User


def make_staff(user: User, *app_labels: str) -> User:
    """`user` on the staff, with every model permission of `app_labels`."""
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.user_permissions.set(Permission.objects.filter(content_type__app_label__in=app_labels))
    return user


def listed(client, app_label: str, model: str, **params) -> set:
    """The primary keys the changelist of `app_label.model` shows the signed-in user."""
    response = client.get(reverse(f"admin:{app_label}_{model}_changelist"), params)
    assert response.status_code == 200
    return {row.pk for row in response.context["cl"].result_list}


def change_url(obj) -> str:
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
