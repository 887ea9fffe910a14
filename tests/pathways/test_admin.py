"""Assertions in the Django admin go through the award door: "Add assertion" is an
award form calling `assertion_award` (active badges the staff member awards for, to
people they administer), nothing writes a raw assertion row, and revoking asks for
the reason verifiers read, then calls `assertion_revoke`."""

import pytest
from django.urls import reverse

from accounts.models import Membership
from badges.models import Assertion
from core.models import AuditEntry
from pathways.services import assertion_award
from tests.accounts.factories import MembershipFactory, SchoolFactory
from tests.badges.factories import BadgeClassFactory, IssuerFactory
from tests.core.admin_support import change_url, listed, make_staff

pytestmark = pytest.mark.django_db


def award(*, recipient, badge_class):
    return assertion_award(actor=None, badge_class=badge_class, recipient=recipient).assertion


AWARD = reverse("admin:badges_assertion_add")
CHANGELIST = reverse("admin:badges_assertion_changelist")


@pytest.fixture
def district():
    """A district with an issuer, an active badge, a staff admin and a student; and
    another district's badge and student."""
    school = SchoolFactory()
    issuer = IssuerFactory(organization=school.parent)
    staff = make_staff(
        MembershipFactory(organization=school.parent, role=Membership.Role.ADMIN).user, "badges"
    )
    student = MembershipFactory(organization=school, role=Membership.Role.STUDENT).user
    other_school = SchoolFactory()
    return {
        "issuer": issuer,
        "badge": BadgeClassFactory(issuer=issuer),
        "staff": staff,
        "student": student,
        "their_badge": BadgeClassFactory(issuer=IssuerFactory(organization=other_school.parent)),
        "their_student": MembershipFactory(
            organization=other_school, role=Membership.Role.STUDENT
        ).user,
    }


def test_add_assertion_awards_through_the_door(client, district):
    client.force_login(district["staff"])
    form = client.get(AWARD).context["form"]
    assert set(form.fields["badge_class"].queryset) == {district["badge"]}
    response = client.post(
        AWARD,
        {
            "badge_class": district["badge"].pk,
            "email": district["student"].email.upper(),
            "narrative": "Welded a T-joint.",
        },
    )
    assertion = Assertion.objects.get(recipient=district["student"])
    assert response.status_code == 302
    assert response.url == change_url(assertion)
    assert (assertion.awarded_by, assertion.narrative) == (district["staff"], "Welded a T-joint.")
    assert AuditEntry.objects.filter(action="assertion.award", actor=district["staff"]).exists()
    # Again: held already, nothing new.
    client.post(AWARD, {"badge_class": district["badge"].pk, "email": district["student"].email})
    assert Assertion.objects.filter(recipient=district["student"]).count() == 1


def test_the_award_form_refuses_another_districts_badge_and_people(client, district):
    client.force_login(district["staff"])
    response = client.post(
        AWARD,
        {"badge_class": district["their_badge"].pk, "email": district["their_student"].email},
    )
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"badge_class", "email"}
    response = client.post(
        AWARD, {"badge_class": district["badge"].pk, "email": district["their_student"].email}
    )
    assert "email" in response.context["form"].errors
    assert not Assertion.objects.exists()


def test_no_admin_path_writes_a_raw_assertion(client, district, admin_user):
    """The add page is the award form for superusers too: no model form to fill in."""
    client.force_login(admin_user)
    page = client.get(AWARD)
    assert set(page.context["form"].fields) == {"badge_class", "email", "narrative"}
    client.post(
        AWARD,
        {
            "badge_class": district["badge"].pk,
            "email": district["student"].email,
            "recipient_email": "someone@else.example",
            "revoked_at": "",
        },
    )
    (assertion,) = Assertion.objects.all()
    assert assertion.recipient_email == district["student"].email.lower()
    # No changing a row either: every field is read-only.
    form = client.get(change_url(assertion)).context["adminform"].form
    assert not form.fields


def test_someone_who_awards_nothing_has_no_add_page(client, district):
    nobody = make_staff(
        MembershipFactory(organization=SchoolFactory(), role=Membership.Role.TEACHER).user,
        "badges",
    )
    client.force_login(nobody)
    assert client.get(AWARD).status_code == 403


def test_revoking_asks_for_the_reason_and_records_it(client, district):
    assertion = award(recipient=district["student"], badge_class=district["badge"])
    theirs = award(recipient=district["their_student"], badge_class=district["their_badge"])
    client.force_login(district["staff"])
    selected = {"action": "revoke_selected", "_selected_action": [assertion.pk, theirs.pk]}

    asked = client.post(CHANGELIST, selected)
    assert asked.status_code == 200
    assert "reason" in asked.context["form"].fields
    assert [a.pk for a in asked.context["assertions"]] == [assertion.pk]  # theirs: unseen
    assertion.refresh_from_db()
    assert assertion.revoked_at is None  # nothing yet

    empty = client.post(CHANGELIST, {**selected, "confirm": "yes", "reason": "  "})
    assert empty.status_code == 200
    assert "reason" in empty.context["form"].errors
    assertion.refresh_from_db()
    assert assertion.revoked_at is None

    done = client.post(
        CHANGELIST, {**selected, "confirm": "yes", "reason": "Awarded to the wrong student."}
    )
    assert done.status_code == 302
    assertion.refresh_from_db()
    theirs.refresh_from_db()
    assert assertion.revocation_reason == "Awarded to the wrong student."
    assert assertion.revoked_by == district["staff"]
    assert theirs.revoked_at is None
    hosted = client.get(reverse("ob2:assertion", kwargs={"public_id": assertion.public_id}))
    assert hosted.status_code == 410
    assert "Awarded to the wrong student." in hosted.content.decode()


def test_another_districts_assertion_is_not_found(client, district):
    theirs = award(recipient=district["their_student"], badge_class=district["their_badge"])
    client.force_login(district["staff"])
    assert theirs.pk not in listed(client, "badges", "assertion")
    assert client.get(change_url(theirs)).status_code == 404


def test_the_assertion_list_does_not_grow_with_rows(
    client, district, django_assert_max_num_queries
):
    client.force_login(district["staff"])
    award(recipient=district["student"], badge_class=district["badge"])
    client.get(CHANGELIST)
    with django_assert_max_num_queries(20) as few:
        client.get(CHANGELIST)
    for _ in range(10):
        student = MembershipFactory(
            organization=district["issuer"].organization, role=Membership.Role.STUDENT
        ).user
        award(recipient=student, badge_class=district["badge"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(CHANGELIST)
    assert len(response.context["cl"].result_list) == 11
