"""Credit agreements: what is checked when one is recorded, who may record and
withdraw one, and the pages (in `pathways`) that call the services."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from badges import services
from badges.models import CreditAgreement
from tests.accounts.factories import (
    DistrictFactory,
    UserFactory,
)
from tests.badges.support import SUMMARY, admin_of, agree

pytestmark = pytest.mark.django_db


def test_agreement_input_is_checked(college, welding):
    with pytest.raises(services.BadgeError, match="about one badge"):
        agree(None, institution=college)
    with pytest.raises(services.BadgeError, match="college or the CTE program"):
        agree(welding)
    with pytest.raises(services.BadgeError, match="not a college"):
        agree(welding, institution=DistrictFactory())
    with pytest.raises(services.BadgeError, match="more than 0"):
        agree(welding, institution=college, credits="0")
    with pytest.raises(services.BadgeError, match="signed the agreement off"):
        agree(welding, institution=college, signed_by_title=" ")
    agree(welding, institution=college)
    with pytest.raises(services.BadgeError, match="in place already"):
        agree(welding, institution=college, course_code="weld 101")
    assert CreditAgreement.objects.count() == 1


def test_who_may_record_an_agreement(college, welding):
    college_admin = admin_of(college)
    district_admin = admin_of(welding.issuer.organization)
    stranger = admin_of(DistrictFactory())
    agree(welding, actor=college_admin, institution=college)
    agree(welding, actor=district_admin, institution=college, course_code="WELD 102")
    with pytest.raises(PermissionDenied):
        agree(welding, actor=stranger, institution=college, course_code="WELD 103")
    with pytest.raises(PermissionDenied):
        agree(welding, actor=UserFactory(), program_name="Some program", course_code="X 1")


def test_college_admin_records_an_agreement_in_the_app(client, college, welding):
    client.force_login(admin_of(college))
    response = client.post(
        reverse("pathways:agreement-list"),
        {
            "badge_class": str(welding.public_id),
            "institution": str(college.public_id),
            "course_code": "WELD 101",
            "credits": "3",
            "effective_from": "2026-01-15",
            "signed_by_name": "Dr. Ana Ruiz",
            "signed_by_title": "Dean of Workforce Programs",
        },
    )
    assert response.status_code == 302
    assert CreditAgreement.objects.get().summary == SUMMARY
    html = client.get(reverse("pathways:agreement-list")).content.decode()
    assert SUMMARY in html


def test_agreement_pages_are_404_for_people_without_a_say(client, college, welding):
    agreement = agree(welding, institution=college)
    client.force_login(UserFactory())
    assert client.get(reverse("pathways:agreement-list")).status_code == 404
    client.force_login(admin_of(DistrictFactory()))  # no issuer, no college
    url = reverse("pathways:agreement-withdraw", kwargs={"public_id": agreement.public_id})
    assert client.post(url).status_code == 404
    agreement.refresh_from_db()
    assert agreement.status == CreditAgreement.Status.ACTIVE
