"""Awarding and revoking through the one door (`pathways.services`), which writes with
`badges.services.assertions`; expiry; audit; the earner's public switch; concurrency."""

import threading
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection, connections
from django.utils import timezone

from badges import services
from badges.models import Assertion, BadgeClass
from badges.openbadges import ob2
from badges.openbadges.hashing import identity_matches
from core.models import AuditEntry
from pathways import services as doors
from tests.accounts.factories import MembershipFactory, SchoolFactory, UserFactory
from tests.badges.factories import BadgeClassFactory
from tests.badges.support import admin_of

pytestmark = pytest.mark.django_db


def test_award_creates_one_assertion_with_salted_hash_and_audit():
    badge = BadgeClassFactory()
    admin = admin_of(badge.issuer.organization)
    teacher = UserFactory(email="Teacher@Example.org")
    award = doors.assertion_award(
        actor=admin,
        badge_class=badge,
        recipient=teacher,
        evidence=[ob2.EvidenceItem(url="https://example.org/lesson", name="Lesson")],
        narrative="Ran a flipped lesson.",
    )
    a = award.assertion
    assert award.created
    assert a.recipient_email == "teacher@example.org"
    assert identity_matches("teacher@example.org", a.salt, a.recipient_hash)
    assert a.evidence == [{"url": "https://example.org/lesson", "narrative": "", "name": "Lesson"}]
    entry = AuditEntry.objects.get(action="assertion.award")
    assert entry.actor == admin
    assert entry.target_id == str(a.public_id)


def test_each_assertion_has_its_own_salt():
    badge1, badge2 = BadgeClassFactory(), BadgeClassFactory()
    person = UserFactory()
    a1 = doors.assertion_award(actor=None, badge_class=badge1, recipient=person).assertion
    a2 = doors.assertion_award(actor=None, badge_class=badge2, recipient=person).assertion
    assert a1.salt != a2.salt
    assert a1.recipient_hash != a2.recipient_hash


def test_award_is_idempotent_for_a_current_holder():
    badge = BadgeClassFactory()
    person = UserFactory()
    first = doors.assertion_award(actor=None, badge_class=badge, recipient=person)
    second = doors.assertion_award(actor=None, badge_class=badge, recipient=person)
    assert not second.created
    assert second.assertion.pk == first.assertion.pk
    assert Assertion.objects.count() == 1
    assert AuditEntry.objects.filter(action="assertion.award").count() == 1


def test_award_refuses_inactive_badge_and_changes_nothing():
    for status in (BadgeClass.Status.DRAFT, BadgeClass.Status.ARCHIVED):
        badge = BadgeClassFactory(status=status)
        with pytest.raises(services.BadgeClassNotActive):
            doors.assertion_award(actor=None, badge_class=badge, recipient=UserFactory())
    assert Assertion.objects.count() == 0


def test_award_refuses_bad_evidence():
    badge = BadgeClassFactory()
    with pytest.raises(services.BadgeError, match="web addresses"):
        doors.assertion_award(
            actor=None,
            badge_class=badge,
            recipient=UserFactory(),
            evidence=[ob2.EvidenceItem(url="javascript:alert(1)")],
        )
    assert Assertion.objects.count() == 0


def test_admin_of_one_district_cannot_award_for_another():
    badge = BadgeClassFactory()
    other_district_admin = admin_of(SchoolFactory().parent)
    with pytest.raises(PermissionDenied):
        doors.assertion_award(
            actor=other_district_admin, badge_class=badge, recipient=UserFactory()
        )
    assert Assertion.objects.count() == 0


def test_admin_of_the_district_may_award_for_a_school_issuer():
    school = SchoolFactory()
    badge = BadgeClassFactory(issuer__organization=school)
    district_admin = admin_of(school.parent)
    award = doors.assertion_award(actor=district_admin, badge_class=badge, recipient=UserFactory())
    assert award.created


def test_teacher_cannot_award():
    badge = BadgeClassFactory()
    teacher = MembershipFactory(organization=badge.issuer.organization).user
    with pytest.raises(PermissionDenied):
        doors.assertion_award(actor=teacher, badge_class=badge, recipient=UserFactory())


def test_validity_sets_expiry_and_an_expired_badge_can_be_renewed():
    badge = BadgeClassFactory(valid_for_days=30)
    person = UserFactory()
    long_ago = timezone.now() - timedelta(days=40)
    old = doors.assertion_award(
        actor=None, badge_class=badge, recipient=person, issued_on=long_ago
    ).assertion
    assert old.expires_at == long_ago + timedelta(days=30)
    assert old.status == "expired"
    renewed = doors.assertion_award(actor=None, badge_class=badge, recipient=person)
    assert renewed.created
    old.refresh_from_db()
    assert old.superseded_at is not None  # kept, not deleted
    assert Assertion.objects.count() == 2
    assert renewed.assertion.status == "valid"


def test_revoke_records_reason_actor_and_keeps_the_row():
    badge = BadgeClassFactory()
    admin = admin_of(badge.issuer.organization)
    a = doors.assertion_award(actor=admin, badge_class=badge, recipient=UserFactory()).assertion
    revoked = doors.assertion_revoke(actor=admin, assertion=a, reason="Awarded in error")
    assert revoked.revoked_at is not None
    assert revoked.revoked_by == admin
    assert revoked.revocation_reason == "Awarded in error"
    assert Assertion.objects.filter(pk=a.pk).exists()
    entry = AuditEntry.objects.get(action="assertion.revoke")
    assert entry.actor == admin
    assert entry.data == {"reason": "Awarded in error"}


def test_revoke_needs_reason_and_happens_once():
    a = doors.assertion_award(
        actor=None, badge_class=BadgeClassFactory(), recipient=UserFactory()
    ).assertion
    with pytest.raises(services.BadgeError, match="reason"):
        doors.assertion_revoke(actor=None, assertion=a, reason="  ")
    doors.assertion_revoke(actor=None, assertion=a, reason="x")
    with pytest.raises(services.AlreadyRevoked):
        doors.assertion_revoke(actor=None, assertion=a, reason="again")


def test_revoke_by_other_district_admin_is_refused():
    a = doors.assertion_award(
        actor=None, badge_class=BadgeClassFactory(), recipient=UserFactory()
    ).assertion
    with pytest.raises(PermissionDenied):
        doors.assertion_revoke(actor=admin_of(SchoolFactory().parent), assertion=a, reason="x")
    a.refresh_from_db()
    assert a.revoked_at is None


def test_after_revocation_the_badge_can_be_awarded_again():
    badge, person = BadgeClassFactory(), UserFactory()
    a = doors.assertion_award(actor=None, badge_class=badge, recipient=person).assertion
    doors.assertion_revoke(actor=None, assertion=a, reason="x")
    again = doors.assertion_award(actor=None, badge_class=badge, recipient=person)
    assert again.created
    assert again.assertion.pk != a.pk


def test_students_badges_are_private_by_default():
    student = UserFactory(is_minor=True)
    badge = BadgeClassFactory(audience=BadgeClass.Audience.STUDENT)
    a = doors.assertion_award(actor=None, badge_class=badge, recipient=student).assertion
    assert a.is_public is False


def test_only_the_earner_switches_public():
    a = doors.assertion_award(
        actor=None, badge_class=BadgeClassFactory(), recipient=UserFactory(is_minor=True)
    ).assertion
    with pytest.raises(PermissionDenied):
        services.assertion_set_public(actor=UserFactory(), assertion=a, public=True)
    services.assertion_set_public(actor=a.recipient, assertion=a, public=True)
    a.refresh_from_db()
    assert a.is_public


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_awards_produce_one_assertion():
    badge, person = BadgeClassFactory(), UserFactory()
    barrier = threading.Barrier(4)
    results, errors = [], []

    def award():
        try:
            barrier.wait(timeout=10)
            results.append(doors.assertion_award(actor=None, badge_class=badge, recipient=person))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=award) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert Assertion.objects.filter(badge_class=badge, recipient=person).count() == 1
    assert sum(r.created for r in results) == 1
    assert len({r.assertion.pk for r in results}) == 1
    assert connection.vendor == "postgresql"


def test_database_constraint_refuses_a_second_current_assertion():
    from django.db import IntegrityError

    from tests.badges.factories import AssertionFactory

    a = AssertionFactory()
    with pytest.raises(IntegrityError):
        AssertionFactory(badge_class=a.badge_class, recipient=a.recipient)


# Awards to an e-mail address, and their claim (the writes behind the door) -------------


def test_an_award_to_an_address_names_its_hash_and_no_account():
    from badges.services.assertions import assertion_issue_to_email

    badge = BadgeClassFactory()
    award = assertion_issue_to_email(actor=None, badge_class=badge, email=" New@Example.org ")
    assertion = award.assertion
    assert (assertion.recipient, assertion.recipient_email) == (None, "new@example.org")
    assert identity_matches("new@example.org", assertion.salt, assertion.recipient_hash)
    assert not assertion.is_claimed
    assert str(assertion) == f"{badge} → new@example.org"


def test_student_badges_are_refused_for_an_address_at_the_write_too():
    from badges.errors import BadgeError
    from badges.services.assertions import assertion_issue_to_email, email_award_refusal

    badge = BadgeClassFactory(audience=BadgeClass.Audience.STUDENT, name="Shop Safety")
    assert "come from the roster" in email_award_refusal(badge)
    assert email_award_refusal(BadgeClassFactory()) is None
    with pytest.raises(BadgeError, match="“Shop Safety” is a badge for students"):
        assertion_issue_to_email(actor=None, badge_class=badge, email="kid@example.org")
    assert not Assertion.objects.exists()


def test_a_claim_needs_the_very_address_and_happens_once():
    from badges.services.assertions import assertion_issue_to_email, assertion_record_claim

    assertion = assertion_issue_to_email(
        actor=None, badge_class=BadgeClassFactory(), email="new@example.org"
    ).assertion
    person = UserFactory(email="new@example.org")
    assert (
        assertion_record_claim(user=person, assertion=assertion, verified_email="x@example.org")
        is None
    )
    claimed = assertion_record_claim(
        user=person, assertion=assertion, verified_email="NEW@example.org"
    )
    assert claimed.recipient == person
    assert claimed.claimed_at is not None
    other = UserFactory()
    assert (
        assertion_record_claim(user=other, assertion=assertion, verified_email="new@example.org")
        is None
    )
    assert Assertion.objects.get().recipient == person
