"""Frameworks in the Django admin are read, not written (they come from CASE imports),
and a framework's competencies are a paginated list whose queries do not grow."""

import pytest
from django.urls import reverse

from competencies.models import Competency, Framework
from tests.accounts.factories import UserFactory
from tests.core.admin_support import change_url, listed, make_staff

pytestmark = pytest.mark.django_db


def make_framework(items: int) -> Framework:
    framework = Framework.objects.create(slug=f"f-{items}", title=f"Framework {items}")
    Competency.objects.bulk_create(
        Competency(framework=framework, code=f"C.{i}", statement=f"Item {i}", list_order=i)
        for i in range(items)
    )
    return framework


@pytest.mark.parametrize("who", ["staff", "superuser"])
def test_frameworks_are_read_only(client, who, admin_user):
    user = admin_user if who == "superuser" else make_staff(UserFactory(), "competencies")
    client.force_login(user)
    framework = make_framework(3)
    assert client.get(reverse("admin:competencies_framework_add")).status_code == 403
    page = client.get(change_url(framework))
    assert page.status_code == 200
    assert not page.context["adminform"].form.fields
    assert b'name="competencies-TOTAL_FORMS"' not in page.content  # no inline form
    assert client.post(change_url(framework), {"title": "Changed"}).status_code == 403
    framework.refresh_from_db()
    assert framework.title == "Framework 3"
    delete = reverse("admin:competencies_framework_delete", args=[framework.pk])
    assert client.get(delete).status_code == 403


def test_a_big_framework_opens_and_pages(client, admin_user, django_assert_max_num_queries):
    client.force_login(admin_user)
    big = make_framework(3000)
    page = client.get(change_url(big))
    assert page.status_code == 200
    assert b"3000</a>" in page.content
    url = reverse("admin:competencies_competency_changelist")
    with django_assert_max_num_queries(12) as few:
        client.get(url, {"framework__id__exact": big.pk})
    small = make_framework(5)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url, {"framework__id__exact": small.pk})
    assert len(response.context["cl"].result_list) == 5
    first = client.get(url, {"framework__id__exact": big.pk})
    assert len(first.context["cl"].result_list) == 100
    assert listed(client, "competencies", "framework") == {big.pk, small.pk}


def test_the_change_page_of_a_big_framework_is_bounded(
    client, admin_user, django_assert_max_num_queries
):
    client.force_login(admin_user)
    small = make_framework(5)
    with django_assert_max_num_queries(15) as few:
        assert client.get(change_url(small)).status_code == 200
    big = make_framework(3000)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(change_url(big)).status_code == 200
