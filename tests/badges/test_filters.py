"""My badges' FilterSet (shared by the page and the API): status as `Assertion.status`
says it, issuer by public id, and never wider than the queryset it is given."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from badges import selectors
from badges.filters import HeldBadgeFilter
from pathways import services as doors
from tests.accounts.factories import UserFactory
from tests.badges.factories import BadgeClassFactory
from tests.badges.support import award

pytestmark = pytest.mark.django_db


def filtered(user, **data):
    return set(HeldBadgeFilter(data, queryset=selectors.assertions_held_by(user=user)).qs)


def test_status_agrees_with_the_assertion_status():
    me = UserFactory()
    held = [
        award(me),
        award(me, valid_for_days=30),
        doors.assertion_award(
            actor=None,
            badge_class=BadgeClassFactory(valid_for_days=1),
            recipient=me,
            issued_on=timezone.now() - timedelta(days=2),
        ).assertion,
    ]
    revoked = award(me)
    doors.assertion_revoke(actor=None, assertion=revoked, reason="Issued in error")
    revoked.refresh_from_db()
    held.append(revoked)
    for status in ("valid", "expired", "revoked"):
        assert filtered(me, status=status) == {a for a in held if a.status == status}, status
    with time_machine.travel(timezone.now() + timedelta(days=31)):
        assert {a.status for a in filtered(me, status="expired")} == {"expired"}
        assert len(filtered(me, status="expired")) == 2
    assert filtered(me) == set(held)


def test_issuer_and_scope():
    me, other = UserFactory(), UserFactory()
    mine = award(me)
    theirs = award(other, issuer=mine.badge_class.issuer)
    found = filtered(me, issuer=str(mine.badge_class.issuer.public_id))
    assert found == {mine}
    assert theirs not in found  # the filter narrows my badges; it never adds anyone's


def test_bad_values_are_form_errors():
    me = UserFactory()
    award(me)
    found = HeldBadgeFilter(
        {"status": "lost", "issuer": "not-a-uuid"}, queryset=selectors.assertions_held_by(user=me)
    )
    assert not found.is_valid()
    assert set(found.errors) == {"status", "issuer"}
    assert not found.is_filtered
