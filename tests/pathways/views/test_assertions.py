"""The badge page's revoke form asks for the reason verifiers will read: without one
(or with only spaces) nothing is revoked."""

import pytest
from django.urls import reverse

from pathways.services import assertion_award

pytestmark = pytest.mark.django_db

BROWSER = "text/html,application/xhtml+xml"


def test_the_badge_page_revoke_form_requires_a_reason(client, admin, badge, ana):
    held = assertion_award(actor=None, badge_class=badge, recipient=ana, actor_label="t").assertion
    url = reverse("pathways:assertion-revoke", kwargs={"public_id": held.public_id})
    client.force_login(admin)
    page = client.get(held.get_absolute_url(), HTTP_ACCEPT=BROWSER).content.decode()
    assert 'name="reason"' in page
    assert "required" in page.split('name="reason"')[1].split(">")[0]
    for reason in ("", "  \n "):
        assert client.post(url, {"reason": reason}).status_code == 400
        held.refresh_from_db()
        assert held.revoked_at is None
    assert client.post(url, {"reason": "Plagiarised evidence"}).status_code == 302
    held.refresh_from_db()
    assert held.revocation_reason == "Plagiarised evidence"
