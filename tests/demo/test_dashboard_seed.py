"""The demo district gives the dashboard real numbers and one small group withheld."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from accounts.models import Organization, User
from console.selectors.dashboard import district_dashboard
from demo import dashboard_seed, seed
from tests.console.dashboard_data import figures, table

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """The whole demo, made once for the module's tests and rolled back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        out = StringIO()
        call_command("seed_demo", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


def dashboard():
    admin = User.objects.get(email=f"admin@{seed.EMAIL_DOMAIN}")
    district = Organization.objects.get(slug=seed.DISTRICT)
    today = timezone.localdate()
    return district_dashboard(
        viewer=admin, district=district, start=today - timedelta(days=89), end=today
    )


def test_the_plc_is_made_and_said(seeded):
    assert "Dashboard demo data created" in seeded
    plc = User.objects.filter(email__endswith=f"@{dashboard_seed.ROSTER_DOMAIN}")
    assert plc.count() == len(dashboard_seed.TEACHERS) + 1
    assert not any(u.has_usable_password() for u in plc)  # not demo sign-ins


def test_real_numbers_show_at_the_default_threshold(seeded):
    d = dashboard()
    assert d.threshold == 10
    school = "Snake River High School"
    pd = table(d, "pd-by-school")[school]
    assert int(pd[0]) >= 10
    assert figures(d, "pd")["Modules finished"] != "suppressed"
    assert int(table(d, "awards-by-badge")["Formative Assessment with Technology"][0]) >= 10
    assert table(d, "outcomes-by-badge")["Formative Assessment with Technology"][2:] == [
        "100%",
        "18%",  # two of eleven decided on a second version
    ]
    assert int(table(d, "coaching-by-school")[school][0]) >= 10
    assert table(d, "turnaround-by-badge")["Formative Assessment with Technology"][0] == "11"


def test_a_small_group_is_withheld(seeded):
    d = dashboard()
    assert table(d, "coaching-by-school")["Riverside Elementary School"] == [
        "<10",
        "suppressed",
        "suppressed",
    ]


def test_a_second_run_adds_nothing(seeded):
    out = []
    dashboard_seed.seed_dashboard(out=out.append)
    assert out == ["Dashboard demo data is already in place; nothing to do."]
