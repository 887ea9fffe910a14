"""The badges workflows: each table's allowed and refused moves, and the services that
make them (permission, history row, audit); nothing else changes a status."""

import pytest
from django.core.exceptions import PermissionDenied

from badges import services
from badges.models import BadgeClass, CreditAgreement, Endorsement
from badges.workflow import BADGE_CLASS_FLOW, CREDIT_AGREEMENT_FLOW, ENDORSEMENT_FLOW
from core.errors import InvalidTransition
from core.models import AuditEntry
from core.workflow import history_of
from tests.accounts.factories import DistrictFactory
from tests.badges.factories import BadgeClassFactory
from tests.badges.support import admin_of, agree, endorse

B = BadgeClass.Status
A = CreditAgreement.Status
E = Endorsement.Status


# The tables ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("flow", "frm", "to", "allowed"),
    [
        (BADGE_CLASS_FLOW, B.DRAFT, B.ACTIVE, True),
        (BADGE_CLASS_FLOW, B.ACTIVE, B.ARCHIVED, True),
        # A draft is not published; archiving it would publish it.
        (BADGE_CLASS_FLOW, B.DRAFT, B.ARCHIVED, False),
        (BADGE_CLASS_FLOW, B.ARCHIVED, B.ACTIVE, False),
        (BADGE_CLASS_FLOW, B.ACTIVE, B.DRAFT, False),
        (BADGE_CLASS_FLOW, B.ARCHIVED, B.DRAFT, False),
        (CREDIT_AGREEMENT_FLOW, A.ACTIVE, A.WITHDRAWN, True),
        (CREDIT_AGREEMENT_FLOW, A.WITHDRAWN, A.ACTIVE, False),
        (ENDORSEMENT_FLOW, E.ACTIVE, E.WITHDRAWN, True),
        (ENDORSEMENT_FLOW, E.WITHDRAWN, E.ACTIVE, False),
    ],
)
def test_moves(flow, frm, to, allowed):
    assert flow.allows(frm, to) is allowed
    if allowed:
        assert flow.check(frm, to).to == to
    else:
        with pytest.raises(InvalidTransition):
            flow.check(frm, to)


def test_what_each_status_offers():
    assert [m.name for m in BADGE_CLASS_FLOW.available(B.DRAFT)] == ["activate"]
    assert [m.name for m in BADGE_CLASS_FLOW.available(B.ACTIVE)] == ["archive"]
    assert BADGE_CLASS_FLOW.available(B.ARCHIVED) == []
    assert [m.name for m in CREDIT_AGREEMENT_FLOW.available(A.ACTIVE)] == ["withdraw"]
    assert CREDIT_AGREEMENT_FLOW.available(A.WITHDRAWN) == []
    assert [m.name for m in ENDORSEMENT_FLOW.available(E.ACTIVE)] == ["withdraw"]
    assert ENDORSEMENT_FLOW.available(E.WITHDRAWN) == []


# The services -------------------------------------------------------------------------


@pytest.mark.django_db
def test_badge_class_is_activated_then_archived_with_history_and_audit():
    badge = BadgeClassFactory(status=B.DRAFT)
    admin = admin_of(badge.issuer.organization)
    active = services.badge_class_activate(actor=admin, badge_class=badge)
    assert active.status == B.ACTIVE
    archived = services.badge_class_archive(actor=admin, badge_class=badge, reason="Replaced")
    badge.refresh_from_db()
    assert badge.status == archived.status == B.ARCHIVED
    moves = list(history_of(badge))
    assert [(m.from_status, m.to_status, m.move) for m in moves] == [
        ("draft", "active", "activate"),
        ("active", "archived", "archive"),
    ]
    assert moves[1].actor == admin
    assert moves[1].reason == "Replaced"
    audit = AuditEntry.objects.filter(action="badgeclass.status").order_by("pk")
    assert [e.data for e in audit] == [
        {"from": "draft", "to": "active", "reason": ""},
        {"from": "active", "to": "archived", "reason": "Replaced"},
    ]


@pytest.mark.django_db
def test_badge_class_moves_are_refused_off_the_table_and_to_outsiders():
    draft = BadgeClassFactory(status=B.DRAFT)
    with pytest.raises(InvalidTransition):
        services.badge_class_archive(actor=None, badge_class=draft)
    active = BadgeClassFactory(status=B.ACTIVE)
    with pytest.raises(InvalidTransition):
        services.badge_class_activate(actor=None, badge_class=active)
    with pytest.raises(PermissionDenied):
        services.badge_class_archive(actor=admin_of(DistrictFactory()), badge_class=active)
    draft.refresh_from_db()
    active.refresh_from_db()
    assert (draft.status, active.status) == (B.DRAFT, B.ACTIVE)
    assert not history_of(draft).exists()
    assert not history_of(active).exists()


@pytest.mark.django_db
def test_withdrawing_writes_history_once(welding, college, employer):
    agreement = agree(welding, institution=college)
    endorsement = endorse(welding, employer)
    actor = admin_of(welding.issuer.organization)
    for withdraw, row in (
        (lambda: services.credit_agreement_withdraw(actor=actor, agreement=agreement), agreement),
        (lambda: services.endorsement_withdraw(actor=actor, endorsement=endorsement), endorsement),
    ):
        first = withdraw()
        assert first.status == "withdrawn"
        assert first.withdrawn_at is not None
        again = withdraw()  # a second click changes nothing
        assert again.withdrawn_at == first.withdrawn_at
        (move,) = history_of(row)
        assert (move.from_status, move.to_status, move.actor) == ("active", "withdrawn", actor)


@pytest.mark.django_db
def test_withdrawing_is_refused_to_outsiders(welding, employer):
    endorsement = endorse(welding, employer)
    with pytest.raises(PermissionDenied):
        services.endorsement_withdraw(actor=admin_of(DistrictFactory()), endorsement=endorsement)
    endorsement.refresh_from_db()
    assert endorsement.status == E.ACTIVE
    assert not history_of(endorsement).exists()
