"""The Django admin asks the courses policies: a district admin on the staff sees their
district's modules, assignments and exemplars, another district's admin and an
employer's admin none; rows the services write are read, not changed."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from courses import services
from courses.models import Module
from tests.accounts.factories import MembershipFactory, OrganizationFactory, SchoolFactory
from tests.courses.factories import ExemplarFactory

pytestmark = pytest.mark.django_db


def _staff(user):
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="courses", codename__startswith="view")
        | Permission.objects.filter(
            content_type__app_label="courses", codename__startswith="change"
        )
    )
    return user


def _count(client, model: str) -> int:
    return client.get(reverse(f"admin:courses_{model}_changelist")).context["cl"].result_count


def test_each_admin_sees_their_districts_rows(client, library):
    services.assignment_create(actor=library.admin, module=library.module, school=library.school)
    ExemplarFactory(organization=library.district)
    ExemplarFactory()  # another district's
    elsewhere = MembershipFactory(organization=SchoolFactory().parent, role="admin").user
    employer = MembershipFactory(organization=OrganizationFactory(), role="admin").user
    client.force_login(_staff(library.admin))
    assert (_count(client, "module"), _count(client, "step")) == (1, 3)
    assert (_count(client, "moduleassignment"), _count(client, "exemplar")) == (1, 1)
    for other in (elsewhere, employer):
        client.force_login(_staff(other))
        assert _count(client, "module") == 0
        assert _count(client, "moduleassignment") == 0
        assert _count(client, "exemplar") == 0
        change = reverse("admin:courses_module_change", args=[library.module.pk])
        assert client.get(change).status_code == 404  # not found


def test_modules_are_read_not_changed_here(client, library):
    client.force_login(_staff(library.admin))
    change = reverse("admin:courses_module_change", args=[library.module.pk])
    page = client.get(change)
    assert page.status_code == 200
    assert 'name="status"' not in page.content.decode()
    client.post(change, {"title": "Renamed", "status": "retired"})
    library.module.refresh_from_db()
    assert (library.module.title, library.module.status) != ("Renamed", "retired")
    assert Module.objects.get(pk=library.module.pk).status == "published"
    add = client.get(reverse("admin:courses_module_add"))
    assert add.status_code == 403
