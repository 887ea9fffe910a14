"""Awarding to someone without an account (`assertion_award_to_email`) and the claim
(`assertion_claim_for`): the award is hosted and valid by the Open Badges 2.0 rules at
once, an invitation is e-mailed, the badge becomes the person's by a verified address
only, a rerun awards and invites nothing new, and student badges are never sent to an
address without an account."""

from datetime import timedelta
from urllib.parse import parse_qs, urlparse

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.utils import timezone

from accounts import invitations
from accounts.models import Membership
from badges import hosting
from badges.errors import BadgeError
from badges.models import Assertion, BadgeClass
from badges.openbadges.hashing import hash_identity
from core.errors import Forbidden
from core.models import AuditEntry
from pathways import services as doors
from pathways.models import PathwayRequirement
from tests.accounts.factories import MembershipFactory, UserFactory
from tests.badges.factories import BadgeClassFactory, IssuerFactory
from tests.badges.support import assert_valid_ob2_award as assert_valid_ob2

pytestmark = pytest.mark.django_db

NEW = "someone-new@example.org"


@pytest.fixture
def badge():
    return BadgeClassFactory(name="Coaching Cycles")


def invite(badge_class, email=NEW, **kw):
    return doors.assertion_award_to_email(actor=None, badge_class=badge_class, email=email, **kw)


# Awarding to an address ---------------------------------------------------------------


def test_invite_issues_a_hosted_assertion_valid_by_open_badges_2(client, badge):
    award = invite(badge, email="  Someone-New@Example.org ")

    assertion = award.assertion
    assert award.created
    assert not assertion.is_claimed
    assert assertion.recipient is None
    assert assertion.recipient_email == NEW
    assert assertion.recipient_hash == hash_identity(NEW, assertion.salt)
    assert_valid_ob2(client, assertion, NEW)


def test_invite_emails_the_address_once_the_award_commits(
    badge, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        award = invite(badge, narrative="Led three coaching cycles.")
    assert mail.outbox == []  # nothing is sent before the commit
    for callback in callbacks:
        callback()

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [NEW]
    assert "Coaching Cycles" in message.subject
    assert hosting.assertion_url(award.assertion) in message.body
    assert "Led three coaching cycles." in message.body
    signup = next(w for w in message.body.split() if "/accounts/signup/" in w)
    query = parse_qs(urlparse(signup).query)
    assert query["email"] == [NEW]
    assert invitations.invited_email(query["invite"][0]) == NEW
    assert "/accounts/email/" in message.body

    invited = AuditEntry.objects.get(action="assertion.invite")
    assert invited.target_id == str(award.assertion.public_id)
    award_entry = AuditEntry.objects.get(action="assertion.award")
    assert award_entry.data["to_email"] is True
    assert award_entry.data["recipient"] is None


def test_a_rerun_awards_and_invites_nothing_new(badge, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = invite(badge)
    with django_capture_on_commit_callbacks(execute=True):
        again = invite(badge, email=NEW.upper())

    assert not again.created
    assert again.assertion.pk == first.assertion.pk
    assert Assertion.objects.count() == 1
    assert len(mail.outbox) == 1
    assert AuditEntry.objects.filter(action="assertion.invite").count() == 1
    assert AuditEntry.objects.filter(action="assertion.award").count() == 1


def test_the_constraint_keeps_one_current_award_per_unclaimed_address(badge):
    from django.db import IntegrityError, transaction

    first = invite(badge).assertion
    twin = Assertion(badge_class=badge, recipient_email=NEW, recipient_hash=first.recipient_hash)
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()


def test_an_address_an_account_holds_is_awarded_to_the_account(
    badge, django_capture_on_commit_callbacks
):
    ana = UserFactory(email="ana@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        award = invite(badge, email="ANA@example.org")
    assert award.assertion.recipient == ana
    assert award.assertion.is_claimed
    assert mail.outbox == []
    assert not AuditEntry.objects.filter(action="assertion.invite").exists()


def test_a_verified_second_address_is_the_accounts_too(badge):
    ana = UserFactory(email="ana@example.org")
    EmailAddress.objects.create(user=ana, email="ana@home.example.org", verified=True)
    EmailAddress.objects.create(user=UserFactory(), email="maybe@example.org", verified=False)
    assert invite(badge, email="ana@home.example.org").assertion.recipient == ana
    # An unverified address is nobody's yet: the award goes to the address.
    assert invite(badge, email="maybe@example.org").assertion.recipient is None


def test_an_expired_award_to_an_address_is_renewed(badge):
    badge.valid_for_days = 10
    badge.save()
    old = invite(badge, issued_on=timezone.now() - timedelta(days=20)).assertion
    renewed = invite(badge)
    assert renewed.created
    old.refresh_from_db()
    assert old.superseded_at is not None


@pytest.mark.parametrize("email", ["", "someone", "a@b@c"])
def test_a_malformed_address_is_refused(badge, email):
    with pytest.raises(BadgeError):
        invite(badge, email=email)
    assert not Assertion.objects.exists()


def test_only_those_who_award_the_badge_may_invite(badge):
    outsider = MembershipFactory(role=Membership.Role.ADMIN).user
    with pytest.raises(Forbidden):
        doors.assertion_award_to_email(actor=outsider, badge_class=badge, email=NEW)
    admin = MembershipFactory(
        organization=badge.issuer.organization, role=Membership.Role.ADMIN
    ).user
    award = doors.assertion_award_to_email(actor=admin, badge_class=badge, email=NEW)
    assert award.assertion.awarded_by == admin
    assert AuditEntry.objects.get(action="assertion.invite").actor == admin


def test_an_inactive_badge_is_not_awarded_to_an_address():
    archived = BadgeClassFactory(status=BadgeClass.Status.ARCHIVED)
    with pytest.raises(BadgeError, match="not active"):
        invite(archived)
    assert not Assertion.objects.exists()


# The rule for minors ------------------------------------------------------------------


def test_a_student_badge_is_never_sent_to_an_address_without_an_account(
    django_capture_on_commit_callbacks,
):
    student_badge = BadgeClassFactory(name="Welding Safety", audience="student")
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(BadgeError) as exc:
        invite(student_badge, email="kid@example.org")
    assert "badge for students, who come from the roster" in exc.value.message
    assert not Assertion.objects.exists()
    assert not AuditEntry.objects.exists()
    assert mail.outbox == []

    # A student on the roster (an account) is awarded as ever.
    kid = UserFactory(email="kid@example.org", is_minor=True)
    assert invite(student_badge, email="kid@example.org").assertion.recipient == kid


# The claim ----------------------------------------------------------------------------


def test_the_right_verified_address_claims_the_badge(client, badge):
    assertion = invite(badge).assertion
    person = UserFactory(email=NEW)  # the factory verifies the address

    claimed = doors.assertion_claim_for(user=person)

    assert [a.pk for a in claimed] == [assertion.pk]
    assertion.refresh_from_db()
    assert assertion.recipient == person
    assert assertion.claimed_at is not None
    assert assertion.superseded_at is None
    entry = AuditEntry.objects.get(action="assertion.claim")
    assert entry.actor == person
    assert entry.target_id == str(assertion.public_id)
    # The hosted document is the same one: the recipient is still the hashed address.
    assert_valid_ob2(client, assertion, NEW)
    assert doors.assertion_claim_for(user=person) == []  # once
    assert AuditEntry.objects.filter(action="assertion.claim").count() == 1


def test_an_unverified_address_claims_nothing(badge):
    assertion = invite(badge).assertion
    person = UserFactory(email=NEW, verified=False)
    EmailAddress.objects.create(user=person, email=NEW, verified=False, primary=True)

    assert doors.assertion_claim_for(user=person) == []
    assertion.refresh_from_db()
    assert assertion.recipient is None

    EmailAddress.objects.filter(user=person).update(verified=True)
    assert [a.pk for a in doors.assertion_claim_for(user=person)] == [assertion.pk]


def test_another_address_claims_nothing(badge):
    assertion = invite(badge).assertion
    other = UserFactory(email="someone-else@example.org")
    assert doors.assertion_claim_for(user=other) == []
    assertion.refresh_from_db()
    assert assertion.recipient is None
    assert not AuditEntry.objects.filter(action="assertion.claim").exists()


def test_a_deactivated_account_claims_nothing(badge):
    invite(badge)
    person = UserFactory(email=NEW, is_active=False)
    assert doors.assertion_claim_for(user=person) == []


def test_a_revoked_award_is_not_claimed(badge):
    assertion = invite(badge).assertion
    doors.assertion_revoke(actor=None, assertion=assertion, reason="Sent to the wrong person")
    person = UserFactory(email=NEW)
    assert doors.assertion_claim_for(user=person) == []


def test_claiming_a_badge_one_holds_keeps_one_current(badge):
    assertion = invite(badge, email="ana@home.example.org").assertion
    ana = UserFactory(email="ana@example.org")
    held = doors.assertion_award(actor=None, badge_class=badge, recipient=ana).assertion
    EmailAddress.objects.create(user=ana, email="ana@home.example.org", verified=True)

    doors.assertion_claim_for(user=ana)

    assertion.refresh_from_db()
    assert assertion.recipient == ana
    assert assertion.superseded_at is not None
    current = Assertion.objects.filter(
        recipient=ana, revoked_at__isnull=True, superseded_at__isnull=True
    )
    assert list(current) == [held]


def test_a_claim_completes_pathways():
    issuer = IssuerFactory()
    first = BadgeClassFactory(issuer=issuer, name="Coaching 1")
    second = BadgeClassFactory(issuer=issuer, name="Coaching 2")
    pathway = doors.pathway_create(
        actor=None,
        badge_class=BadgeClassFactory(issuer=issuer, name="Coach"),
        slug="coach",
        name="Coach",
    )
    root = pathway.requirements.get(parent=None)
    for leaf in (first, second):
        doors.pathway_requirement_add(
            actor=None,
            pathway=pathway,
            parent=root,
            kind=PathwayRequirement.Kind.BADGE,
            badge_class=leaf,
        )
    doors.pathway_activate(actor=None, pathway=pathway)
    person = UserFactory(email=NEW)
    doors.assertion_award(actor=None, badge_class=first, recipient=person)
    invite(second, email="work@example.org")  # an address no account holds yet
    assert not Assertion.objects.filter(badge_class=pathway.badge_class).exists()
    EmailAddress.objects.create(user=person, email="work@example.org", verified=True)

    doors.assertion_claim_for(user=person)

    assert Assertion.objects.filter(badge_class=pathway.badge_class, recipient=person).exists()
