"""Every admin of ours, for a staff member who is not a superuser, over the whole demo:
another district's admin sees none of the demo district's rows and gets 404 on their
change pages; the demo district's own admin sees them. Frameworks are shared by all
districts (read-only), so they are left out."""

import pytest
from django.contrib import admin
from django.urls import reverse

from tests.core.admin_support import make_staff
from tests.policies import seed_demo_district

pytestmark = pytest.mark.django_db

OURS = {"core", "accounts", "badges", "pathways", "evidence", "courses", "coaching"}
APPS = [*OURS, "competencies"]
# Rows the demo district's admin must see in the admin (the rest may be empty for them:
# e.g. private coaching rows are their coaches').
MUST_SEE = {
    "accounts.user",
    "accounts.organization",
    "accounts.membership",
    "accounts.section",
    "badges.issuer",
    "badges.badgeclass",
    "badges.assertion",
    "pathways.pathway",
    "evidence.submission",
    "courses.module",
}


def shown(client, model) -> set:
    opts = model._meta
    response = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    if response.status_code == 403:  # superusers' only
        return set()
    assert response.status_code == 200, opts.label
    cl = response.context["cl"]
    return set(cl.queryset.values_list("pk", flat=True))


@pytest.fixture(scope="module")
def models():
    return [m for m in admin.site._registry if m._meta.app_label in OURS]


def test_another_districts_staff_sees_nothing_of_the_demo(client, models):
    people = seed_demo_district()
    ours, theirs = people["district_admin"], people["other_admin"]
    make_staff(ours, *APPS)
    make_staff(theirs, *APPS)
    checked = []
    for model in models:
        client.force_login(ours)
        demo_rows = shown(client, model)
        label = model._meta.label_lower
        if label in MUST_SEE:
            assert demo_rows, f"the demo district's admin sees no {label}"
        client.force_login(theirs)
        assert not demo_rows & shown(client, model), f"{label}: another district sees demo rows"
        if demo_rows:
            opts = model._meta
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[min(demo_rows)])
            assert client.get(url).status_code in (403, 404), label
            checked.append(label)
    assert set(MUST_SEE) <= set(checked)
