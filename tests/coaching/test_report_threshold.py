"""The coaching report withholds by the district's own threshold
(`DistrictSettings.small_group_threshold`), not a constant."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import DistrictSettings
from coaching import selectors
from tests.accounts.factories import MembershipFactory, SchoolFactory
from tests.coaching.support import log

pytestmark = pytest.mark.django_db


def report(c):
    today = timezone.localdate()
    return selectors.coaching_report(
        viewer=c.admin, start=today - datetime.timedelta(days=30), end=today
    )


def test_the_default_threshold_is_ten(caseload):
    log(caseload)
    log(caseload, teacher=caseload.teacher2)
    found = report(caseload)
    assert found.min_people == 10
    assert all(r.suppressed for r in found.by_school)


def test_a_district_with_a_lower_threshold_sees_its_small_groups(caseload, client):
    c = caseload
    DistrictSettings.objects.create(district=c.district, small_group_threshold=2)
    log(c)
    log(c, teacher=c.teacher2)
    found = report(c)
    assert found.min_people == 2
    assert [(r.teachers, r.sessions) for r in found.by_school] == [(2, 2)]
    client.force_login(c.admin)
    page = client.get(reverse("coaching:report-detail")).content.decode()
    assert "fewer than 2 teachers" in page


def test_a_higher_threshold_withholds_more_and_says_so_in_the_csv(caseload):
    c = caseload
    DistrictSettings.objects.create(district=c.district, small_group_threshold=3)
    log(c)
    log(c, teacher=c.teacher2)
    found = report(c)
    assert all(r.suppressed for r in found.by_school)
    assert ["school", c.school.name, "<3", "suppressed", "suppressed"] in (
        selectors.report_csv_rows(found)
    )


def test_a_report_across_districts_uses_the_strictest(caseload):
    c = caseload
    DistrictSettings.objects.create(district=c.district, small_group_threshold=2)
    other = SchoolFactory()
    DistrictSettings.objects.create(district=other.parent, small_group_threshold=6)
    MembershipFactory(user=c.admin, organization=other.parent, role="admin")
    assert report(c).min_people == 6
