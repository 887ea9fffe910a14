"""Revocations in the console: the list (scoped, paginated, constant queries), the
search for a badge to revoke, and the revoke form, which needs the reason verifiers
will read."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from badges.models import Assertion
from core.models import AuditEntry
from pathways.services import assertion_award, assertion_revoke
from tests.accounts.factories import MembershipFactory
from tests.badges.factories import BadgeClassFactory

pytestmark = pytest.mark.django_db

LIST = reverse("pathways:console-revocation-list")


def revoke_url(assertion):
    return reverse("pathways:console-revocation-create", kwargs={"public_id": assertion.public_id})


@pytest.fixture
def held(badge, ana):
    return assertion_award(
        actor=None, badge_class=badge, recipient=ana, actor_label="test"
    ).assertion


def test_revoking_needs_a_reason_and_records_it(client, admin, held):
    client.force_login(admin)
    assert client.get(revoke_url(held)).status_code == 200
    for reason in ("", "   "):
        response = client.post(revoke_url(held), {"reason": reason})
        assert response.status_code == 400
        assert "This field is required." in response.content.decode()
    held.refresh_from_db()
    assert held.revoked_at is None

    response = client.post(revoke_url(held), {"reason": "Awarded to the wrong teacher"})
    assert response.status_code == 302
    assert response["Location"] == LIST
    held.refresh_from_db()
    assert held.revoked_at is not None
    assert held.revocation_reason == "Awarded to the wrong teacher"
    assert held.revoked_by == admin
    entry = AuditEntry.objects.get(action="assertion.revoke")
    assert entry.data == {"reason": "Awarded to the wrong teacher"}
    page = client.get(LIST).content.decode()
    assert "Revoked “Coaching Cycles” from Ana Díaz." in page
    assert "Awarded to the wrong teacher" in page
    # Revoked already: the form is gone (404), nothing changes.
    assert client.post(revoke_url(held), {"reason": "again"}).status_code == 404


def test_another_districts_admin_gets_404_and_revokes_nothing(client, other_district_admin, held):
    BadgeClassFactory(issuer__organization=other_district_admin.memberships.get().organization)
    client.force_login(other_district_admin)
    assert client.get(revoke_url(held)).status_code == 404
    assert client.post(revoke_url(held), {"reason": "x"}).status_code == 404
    held.refresh_from_db()
    assert held.revoked_at is None
    assert "ana@example.org" not in client.get(LIST, {"q": "ana"}).content.decode()


def test_someone_who_awards_nothing_gets_404(client, ana, held):
    client.force_login(ana)
    assert client.get(LIST).status_code == 404
    assert client.get(revoke_url(held)).status_code == 404


def test_search_finds_badges_held_now_that_the_admin_may_revoke(client, admin, held, badge, ben):
    revoked = assertion_award(actor=None, badge_class=badge, recipient=ben, actor_label="t")
    assertion_revoke(actor=None, assertion=revoked.assertion, reason="Issued in error")
    elsewhere = assertion_award(
        actor=None, badge_class=BadgeClassFactory(name="Elsewhere"), recipient=ben, actor_label="t"
    )
    client.force_login(admin)
    page = client.get(LIST, {"q": "example.org"}).content.decode()
    assert revoke_url(held) in page
    assert revoke_url(revoked.assertion) not in page
    assert revoke_url(elsewhere.assertion) not in page
    assert "Issued in error" in page  # in the list of revocations


def test_list_queries_do_not_grow_with_rows(
    client, admin, badge, school, django_assert_max_num_queries
):
    def revoke_some(n, tag):
        for i in range(n):
            person = MembershipFactory(
                organization=school, user__email=f"{tag}{i}@example.org"
            ).user
            a = assertion_award(actor=None, badge_class=badge, recipient=person, actor_label="t")
            assertion_revoke(actor=admin, assertion=a.assertion, reason=f"Reason {tag}{i}")

    client.force_login(admin)
    revoke_some(1, "a")
    client.get(LIST, {"q": "example"})
    with django_assert_max_num_queries(14) as few:
        client.get(LIST, {"q": "example"})
    revoke_some(20, "b")
    with django_assert_max_num_queries(len(few)):
        page = client.get(LIST, {"q": "example"}).content.decode()
    assert page.count("Reason b") == 20
    assert 'rel="next"' not in page  # 21 rows fit one page of 25: no pager
    revoke_some(10, "c")
    page = client.get(LIST).content.decode()
    assert 'rel="next"' in page
    later = re.search(r'<a href="\?([^"]*)" rel="next"', page).group(1).replace("&amp;", "&")
    rest = client.get(f"{LIST}?{later}").content.decode()
    assert len(re.findall(r"Reason [abc]\d", rest)) == 31 - 25  # the other six, keyset paged
    assert 'rel="prev"' in rest


def test_the_list_is_latest_first(client, admin, badge, ana, ben):
    first = assertion_award(actor=None, badge_class=badge, recipient=ana, actor_label="t")
    second = assertion_award(actor=None, badge_class=badge, recipient=ben, actor_label="t")
    assertion_revoke(actor=admin, assertion=first.assertion, reason="First reason")
    assertion_revoke(actor=admin, assertion=second.assertion, reason="Second reason")
    Assertion.objects.filter(pk=first.assertion.pk).update(
        revoked_at=timezone.now() - timezone.timedelta(days=1)
    )
    client.force_login(admin)
    page = client.get(LIST).content.decode()
    assert page.index("Second reason") < page.index("First reason")


def test_an_award_to_an_address_not_claimed_yet_is_found_and_revoked(client, admin, badge):
    from pathways.services import assertion_award_to_email

    invited = assertion_award_to_email(
        actor=None, badge_class=badge, email="someone-new@example.org"
    ).assertion
    client.force_login(admin)
    page = client.get(LIST, {"q": "someone-new"}).content.decode()
    assert "someone-new@example.org" in page
    assert revoke_url(invited) in page
    form = client.get(revoke_url(invited)).content.decode()
    assert "no account has claimed it yet" in form
    response = client.post(revoke_url(invited), {"reason": "Sent to the wrong address"})
    assert response.status_code == 302
    page = client.get(LIST).content.decode()
    assert "Revoked “Coaching Cycles” from someone-new@example.org." in page
    assert "no account yet" in page
