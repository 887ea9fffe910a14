"""Awarding one person from the console: the badges offered, the people found (scoped
to the organizations the admin administers), and the award door's answers."""

import pytest
from django.urls import reverse

from badges.models import Assertion
from pathways.services import assertion_award
from tests.accounts.factories import MembershipFactory
from tests.badges.factories import BadgeClassFactory

pytestmark = pytest.mark.django_db

URL = reverse("pathways:console-award-create")


def post(client, **data):
    return client.post(URL, data)


def test_admin_awards_one_person_with_evidence_and_narrative(client, admin, badge, ana):
    client.force_login(admin)
    response = post(
        client,
        q="ana",
        recipient=str(ana.public_id),
        badge_class=str(badge.public_id),
        evidence_url="https://portfolio.example.org/ana",
        narrative="Led four coaching cycles.",
    )
    assert response.status_code == 302
    assertion = Assertion.objects.get()
    assert (assertion.recipient, assertion.badge_class, assertion.awarded_by) == (ana, badge, admin)
    assert assertion.narrative == "Led four coaching cycles."
    assert assertion.evidence[0]["url"] == "https://portfolio.example.org/ana"
    page = client.get(response["Location"]).content.decode()
    assert "Awarded “Coaching Cycles” to Ana Díaz." in page


def test_already_held_is_said_and_nothing_is_awarded(client, admin, badge, ana):
    assertion_award(actor=None, badge_class=badge, recipient=ana, actor_label="test")
    client.force_login(admin)
    response = post(client, recipient=str(ana.public_id), badge_class=str(badge.public_id))
    page = client.get(response["Location"]).content.decode()
    assert "Ana Díaz already holds “Coaching Cycles”" in page
    assert "nothing changed" in page
    assert Assertion.objects.count() == 1


def test_another_districts_admin_may_not_award_this_badge(client, other_district_admin, badge, ana):
    own = other_district_admin.memberships.get().organization
    BadgeClassFactory(issuer__organization=own, name="Their own badge")
    client.force_login(other_district_admin)
    page = client.get(URL).content.decode()  # they award their own district's badges…
    assert "Their own badge" in page
    assert "Coaching Cycles" not in page
    response = post(client, recipient=str(ana.public_id), badge_class=str(badge.public_id))
    assert response.status_code == 400  # …not this badge, nor to this person
    assert not Assertion.objects.exists()


def test_someone_who_awards_nothing_gets_404(client, ana):
    client.force_login(ana)
    assert client.get(URL).status_code == 404
    assert client.post(URL, {}).status_code == 404


def test_badges_offered_are_the_active_ones_the_admin_awards(client, admin, badge, district):
    BadgeClassFactory(issuer__organization=district, name="Draft badge", status="draft")
    BadgeClassFactory(name="Elsewhere badge")
    client.force_login(admin)
    page = client.get(URL).content.decode()
    assert "Coaching Cycles" in page
    assert "Draft badge" not in page
    assert "Elsewhere badge" not in page


def test_person_search_is_scoped_to_the_admins_organizations(
    client, admin, badge, ana, ben, stranger
):
    client.force_login(admin)
    page = client.get(URL, {"q": "ana"}).content.decode()
    assert "ana@example.org" in page
    assert "Ana Stranger" not in page
    assert "ana.other@example.org" not in page
    assert "ben@example.org" not in page
    page = client.get(URL, {"q": "EXAMPLE.ORG"}).content.decode()
    assert "ben@example.org" in page
    assert "ana.other@example.org" not in page
    # Naming the other district's person directly is refused as not a choice.
    response = post(client, recipient=str(stranger.public_id), badge_class=str(badge.public_id))
    assert response.status_code == 400
    assert not Assertion.objects.exists()


def test_person_search_needs_two_letters_and_is_bounded(client, admin, badge, school):
    for i in range(25):
        MembershipFactory(organization=school, user__email=f"many{i}@example.org")
    client.force_login(admin)
    assert "many0@example.org" not in client.get(URL, {"q": "m"}).content.decode()
    page = client.get(URL, {"q": "many"}).content.decode()
    assert page.count('name="recipient"') == 20
    assert "Showing the first 20 matches" in page


def test_bad_input_shows_the_form_again_and_awards_nothing(client, admin, badge, ana):
    client.force_login(admin)
    response = post(
        client,
        q="ana",
        recipient=str(ana.public_id),
        badge_class=str(badge.public_id),
        evidence_url="not a url",
    )
    assert response.status_code == 400
    assert "ana@example.org" in response.content.decode()  # the search's results stay
    response = post(client, q="ana", badge_class=str(badge.public_id))
    assert response.status_code == 400
    assert "Choose the person to award" in response.content.decode()
    assert not Assertion.objects.exists()


def test_an_archived_badge_is_refused_with_a_message(client, admin, badge, ana):
    client.force_login(admin)
    page = client.get(URL, {"q": "ana"})
    assert page.status_code == 200
    badge.status = "archived"
    badge.save(update_fields=["status"])
    response = post(client, recipient=str(ana.public_id), badge_class=str(badge.public_id))
    assert response.status_code == 400
    assert not Assertion.objects.exists()


# To an e-mail address ---------------------------------------------------------------

EMAIL_URL = reverse("pathways:console-award-email")


def post_email(client, **data):
    return client.post(EMAIL_URL, {f"invite-{key}": value for key, value in data.items()})


def test_an_address_without_an_account_is_awarded_and_invited(
    client, admin, badge, django_capture_on_commit_callbacks
):
    from django.core import mail

    client.force_login(admin)
    page = client.get(URL, {"q": "someone-new@example.org"}).content.decode()
    assert "Or award to an e-mail address" in page
    assert 'value="someone-new@example.org"' in page  # the search fills the address in
    with django_capture_on_commit_callbacks(execute=True):
        response = post_email(
            client, email="Someone-New@example.org", badge_class=str(badge.public_id)
        )
    assert response.status_code == 302
    assertion = Assertion.objects.get()
    assert assertion.recipient is None
    assert assertion.recipient_email == "someone-new@example.org"
    assert assertion.awarded_by == admin
    assert [m.to for m in mail.outbox] == [["someone-new@example.org"]]
    page = client.get(response["Location"]).content.decode()
    assert "Awarded “Coaching Cycles” to someone-new@example.org, who has no account yet" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = post_email(
            client, email="someone-new@example.org", badge_class=str(badge.public_id)
        )
    page = client.get(response["Location"]).content.decode()
    assert "invited already; nothing changed, no new invitation" in page
    assert Assertion.objects.count() == 1
    assert len(mail.outbox) == 1


def test_an_address_with_an_account_is_awarded_to_the_account(client, admin, badge, ana):
    client.force_login(admin)
    response = post_email(client, email="ana@example.org", badge_class=str(badge.public_id))
    assert Assertion.objects.get().recipient == ana
    assert (
        "Awarded “Coaching Cycles” to Ana Díaz."
        in client.get(response["Location"]).content.decode()
    )


def test_a_student_badge_is_not_awarded_to_an_address(client, admin, badge):
    badge.audience = "student"
    badge.save(update_fields=["audience"])
    client.force_login(admin)
    response = post_email(client, email="kid@example.org", badge_class=str(badge.public_id))
    assert response.status_code == 400
    assert "badge for students, who come from the roster" in response.content.decode()
    assert not Assertion.objects.exists()


def test_award_to_an_address_refuses_bad_input_and_strangers(
    client, admin, badge, other_district_admin, ana
):
    client.force_login(admin)
    response = post_email(client, email="not-an-address", badge_class=str(badge.public_id))
    assert response.status_code == 400
    own = other_district_admin.memberships.get().organization
    BadgeClassFactory(issuer__organization=own, name="Their own badge")
    client.force_login(other_district_admin)
    response = post_email(client, email="new@example.org", badge_class=str(badge.public_id))
    assert response.status_code == 400  # not a badge they award
    client.force_login(ana)
    assert post_email(client, email="new@example.org").status_code == 404
    assert client.get(EMAIL_URL).status_code == 405
    assert not Assertion.objects.exists()


def test_a_superuser_searches_only_the_people_of_their_own_organizations(
    client, admin, badge, ana, stranger
):
    admin.is_superuser = True
    admin.save(update_fields=["is_superuser"])
    client.force_login(admin)
    page = client.get(URL, {"q": "ana"}).content.decode()
    assert "ana@example.org" in page
    assert "ana.other@example.org" not in page
