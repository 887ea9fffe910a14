"""The award and revoke management commands, end to end through the database."""

import getpass
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts.models import Membership
from badges.hosting import assertion_url, baked_url
from badges.models import Assertion, BadgeClass
from core.models import AuditEntry
from pathways.services import assertion_award
from tests.accounts.factories import MembershipFactory, UserFactory
from tests.badges.factories import AssertionFactory, BadgeClassFactory
from tests.badges.support import assert_valid_ob2_award

pytestmark = pytest.mark.django_db


def run(command, *args, **options):
    out, err = StringIO(), StringIO()
    call_command(command, *args, stdout=out, stderr=err, **options)
    return out.getvalue()


def run_failing(command, *args, **options):
    """Run a command that must fail; its CommandError message and its stdout."""
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError) as excinfo:
        call_command(command, *args, stdout=out, stderr=err, **options)
    return str(excinfo.value), out.getvalue()


def write_csv(tmp_path, text, name="awards.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return str(path)


@pytest.fixture
def badge():
    return BadgeClassFactory(slug="coaching-cycles", name="Coaching Cycles")


@pytest.fixture
def admin(badge):
    return MembershipFactory(
        organization=badge.issuer.organization, role=Membership.Role.ADMIN
    ).user


@pytest.fixture
def outsider():
    """An admin of another district."""
    return MembershipFactory(role=Membership.Role.ADMIN).user


@pytest.fixture
def ana():
    return UserFactory(email="ana@example.org")


def assert_nothing_changed():
    assert not Assertion.objects.exists()
    assert not AuditEntry.objects.exists()


# award, one person ------------------------------------------------------------


def test_award_prints_the_hosted_url_and_records_the_operator(badge, ana):
    out = run("award", badge="coaching-cycles", email="ana@example.org")

    assertion = Assertion.objects.get()
    assert assertion.badge_class == badge
    assert assertion.recipient == ana
    assert assertion.awarded_by is None
    assert "Awarded “Coaching Cycles” to ana@example.org." in out
    url = assertion_url(assertion)
    assert url.startswith("http://testserver/ob/v2/assertions/")
    assert url in out.splitlines()
    entry = AuditEntry.objects.get(action="assertion.award")
    assert entry.actor is None
    assert entry.target_id == str(assertion.public_id)
    assert entry.actor_label == f"manage.py award (os user {getpass.getuser()})"


def test_award_matches_the_email_without_regard_to_case(badge, ana):
    run("award", badge="coaching-cycles", email="  ANA@Example.org ")
    assert Assertion.objects.get().recipient == ana


def test_award_twice_says_already_held_and_awards_once(badge, ana):
    run("award", badge="coaching-cycles", email="ana@example.org")
    out = run("award", badge="coaching-cycles", email="ana@example.org")

    assertion = Assertion.objects.get()
    assert "Already held: ana@example.org has held “Coaching Cycles” since" in out
    assert assertion_url(assertion) in out
    assert AuditEntry.objects.filter(action="assertion.award").count() == 1


def test_award_with_evidence_narrative_and_actor(badge, ana, admin):
    run(
        "award",
        badge="coaching-cycles",
        email="ana@example.org",
        evidence=["https://portfolio.example.org/ana", "https://example.org/video"],
        narrative="Led three coaching cycles.",
        actor=admin.email,
    )

    assertion = Assertion.objects.get()
    assert assertion.awarded_by == admin
    assert assertion.narrative == "Led three coaching cycles."
    assert [e["url"] for e in assertion.evidence] == [
        "https://portfolio.example.org/ana",
        "https://example.org/video",
    ]
    entry = AuditEntry.objects.get(action="assertion.award")
    assert entry.actor == admin
    assert entry.actor_label == f"{admin.email} (manage.py award)"


def test_award_by_an_admin_of_another_district_is_refused(badge, ana, outsider):
    message, _out = run_failing(
        "award", badge="coaching-cycles", email="ana@example.org", actor=outsider.email
    )
    assert message == f"{outsider.email} may not award badges for {badge.issuer.name}."
    assert_nothing_changed()


def test_award_by_an_unknown_actor_is_refused(badge, ana):
    message, _out = run_failing(
        "award", badge="coaching-cycles", email="ana@example.org", actor="nobody@example.org"
    )
    assert message == "No account for the actor 'nobody@example.org'."
    assert_nothing_changed()


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"badge": "no-such-badge", "email": "ana@example.org"}, "No badge with the slug"),
        ({"badge": "coaching-cycles", "email": "ana"}, "Malformed email 'ana'."),
        (
            {"badge": "coaching-cycles", "email": "ana@example.org", "evidence": ["portfolio"]},
            "Bad evidence URL 'portfolio'",
        ),
    ],
)
def test_award_errors_change_nothing(badge, ana, options, message):
    error, _out = run_failing("award", **options)
    assert error.startswith(message)
    assert_nothing_changed()


def test_award_dry_run_changes_nothing(badge, ana):
    out = run("award", badge="coaching-cycles", email="ana@example.org", dry_run=True)
    assert "Dry run: would award “Coaching Cycles” to ana@example.org." in out
    assert_nothing_changed()

    assertion_award(actor=None, badge_class=badge, recipient=ana, actor_label="test")
    out = run("award", badge="coaching-cycles", email="ana@example.org", dry_run=True)
    assert "Dry run: ana@example.org already holds “Coaching Cycles”." in out
    assert Assertion.objects.count() == 1


@pytest.mark.parametrize("status", [BadgeClass.Status.DRAFT, BadgeClass.Status.ARCHIVED])
def test_award_of_an_inactive_badge_is_refused(ana, status):
    BadgeClassFactory(slug="old-badge", name="Old Badge", status=status)
    message, _out = run_failing("award", badge="old-badge", email="ana@example.org")
    assert "“Old Badge” is" in message
    assert "not active" in message
    assert_nothing_changed()


# award, to someone without an account ----------------------------------------------


def test_award_to_a_new_address_prints_the_hosted_url_of_a_valid_assertion(
    client, badge, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        out = run("award", badge="coaching-cycles", email="someone-new@example.org")

    assertion = Assertion.objects.get()
    assert assertion.recipient is None
    assert "Awarded “Coaching Cycles” to someone-new@example.org, who has no account yet" in out
    url = assertion_url(assertion)
    assert url in out.splitlines()
    assert_valid_ob2_award(client, assertion, "someone-new@example.org")
    assert [m.to for m in mail.outbox] == [["someone-new@example.org"]]
    assert url in mail.outbox[0].body
    assert AuditEntry.objects.get(action="assertion.invite").actor_label.startswith(
        "manage.py award"
    )

    # A rerun awards and invites nothing new, and prints the same URL.
    with django_capture_on_commit_callbacks(execute=True):
        out = run("award", badge="coaching-cycles", email="someone-new@example.org")
    assert "Already awarded: someone-new@example.org was awarded “Coaching Cycles”" in out
    assert "no new invitation" in out
    assert url in out.splitlines()
    assert Assertion.objects.count() == 1
    assert len(mail.outbox) == 1


def test_award_to_a_new_address_dry_run_changes_nothing(badge):
    out = run("award", badge="coaching-cycles", email="someone-new@example.org", dry_run=True)
    assert "would award “Coaching Cycles” to someone-new@example.org, who has no account" in out
    assert_nothing_changed()


def test_a_student_badge_is_not_awarded_to_an_address_without_an_account(tmp_path):
    BadgeClassFactory(slug="welding-safety", name="Welding Safety", audience="student")
    message, _out = run_failing("award", badge="welding-safety", email="kid@example.org")
    assert message.startswith("No account for kid@example.org.")
    assert "badge for students, who come from the roster" in message
    assert_nothing_changed()

    UserFactory(email="pat@example.org", is_minor=True)
    path = write_csv(tmp_path, "email\npat@example.org\nkid@example.org\n")
    message, out = run_failing("award", badge="welding-safety", csv=path)
    assert "line 2: awarded pat@example.org" in out
    assert "line 3: bad line: no account for kid@example.org: “Welding Safety” is a badge" in out
    assert Assertion.objects.get().recipient.email == "pat@example.org"
    assert not AuditEntry.objects.filter(action="assertion.invite").exists()


def test_award_needs_email_or_csv_but_not_both(badge, tmp_path):
    with pytest.raises(CommandError, match="one of the arguments --email --csv is required"):
        call_command("award", badge="coaching-cycles", stdout=StringIO(), stderr=StringIO())
    path = write_csv(tmp_path, "email\n")
    with pytest.raises(CommandError, match="not allowed with argument"):
        call_command("award", "--badge=coaching-cycles", "--email=a@example.org", f"--csv={path}")


# award, bulk -------------------------------------------------------------------


def test_bulk_awards_good_lines_and_reports_bad_ones_by_line(badge, tmp_path):
    for name in ("ana", "ben", "cy", "dee"):
        UserFactory(email=f"{name}@example.org")
    path = write_csv(
        tmp_path,
        "email,evidence_url,evidence_narrative,narrative\n"
        "ana@example.org,https://example.org/ana,Video of the lesson,Great unit\n"  # 2
        ",https://example.org/x,,\n"  # 3 missing email
        "ben@example,,,\n"  # 4 malformed
        "zed@example.org,,,\n"  # 5 no account
        "cy@example.org,portfolio,,\n"  # 6 bad evidence URL
        "ANA@example.org,,,\n"  # 7 duplicate of 2
        "ben@example.org,,,\n"  # 8 ok
        "\n"  # 9 blank, skipped
        "dee@example.org,,,\n",  # 10 ok
    )

    message, out = run_failing("award", badge="coaching-cycles", csv=path)

    assert "Awarded 3, invited 1, already held 0, bad lines 4." in out
    assert "line 3: bad line: missing email" in out
    assert "line 4: bad line: malformed email 'ben@example'" in out
    zed = Assertion.objects.get(recipient_email="zed@example.org")
    assert f"line 5: invited zed@example.org {assertion_url(zed)}" in out
    assert "line 6: bad line: bad evidence URL 'portfolio'" in out
    assert "line 7: bad line: duplicate of line 2 (ana@example.org); it is awarded once" in out
    ben = Assertion.objects.get(recipient__email="ben@example.org")
    assert f"line 8: awarded ben@example.org {assertion_url(ben)}" in out
    assert out.index("line 3:") < out.index("line 5:") < out.index("line 7:")
    assert message.startswith("4 line(s) of")
    assert "the other lines were processed" in message
    assert sorted(Assertion.objects.values_list("recipient_email", flat=True)) == [
        "ana@example.org",
        "ben@example.org",
        "dee@example.org",
        "zed@example.org",
    ]
    assert zed.recipient is None
    ana = Assertion.objects.get(recipient__email="ana@example.org")
    assert ana.narrative == "Great unit"
    assert ana.evidence == [
        {"url": "https://example.org/ana", "narrative": "Video of the lesson", "name": ""}
    ]
    entries = AuditEntry.objects.filter(action="assertion.award")
    assert entries.count() == 4
    assert {e.actor_label for e in entries} == {f"manage.py award (os user {getpass.getuser()})"}
    assert AuditEntry.objects.filter(action="assertion.invite").count() == 1

    # The same file again awards and invites nothing new; the bad lines are still reported.
    message, out = run_failing("award", badge="coaching-cycles", csv=path)
    assert "Awarded 0, invited 0, already held 4, bad lines 4." in out
    assert "line 5: already held zed@example.org" in out
    assert "line 7: bad line: duplicate of line 2" in out
    assert Assertion.objects.count() == 4
    assert AuditEntry.objects.filter(action="assertion.award").count() == 4
    assert AuditEntry.objects.filter(action="assertion.invite").count() == 1


def test_bulk_of_good_lines_succeeds_and_a_rerun_awards_nothing_new(badge, admin, tmp_path):
    UserFactory(email="ana@example.org")
    UserFactory(email="ben@example.org")
    path = write_csv(tmp_path, "\ufeffemail\r\nana@example.org\r\nben@example.org\r\n")

    out = run("award", badge="coaching-cycles", csv=path, actor=admin.email)
    assert "Awarded 2, invited 0, already held 0, bad lines 0." in out
    assert "bad line:" not in out
    assert set(Assertion.objects.values_list("awarded_by", flat=True)) == {admin.pk}

    out = run("award", badge="coaching-cycles", csv=path, actor=admin.email, verbosity=2)
    assert "Awarded 0, invited 0, already held 2, bad lines 0." in out
    for assertion in Assertion.objects.all():
        assert f"already held {assertion.recipient_email} {assertion_url(assertion)}" in out
    assert Assertion.objects.count() == 2
    assert AuditEntry.objects.filter(action="assertion.award").count() == 2


def test_bulk_dry_run_counts_and_changes_nothing(badge, tmp_path):
    ana = UserFactory(email="ana@example.org")
    UserFactory(email="ben@example.org")
    assertion_award(actor=None, badge_class=badge, recipient=ana, actor_label="test")
    path = write_csv(tmp_path, "email\nana@example.org\nben@example.org\nzed@example.org\n")

    out = run("award", badge="coaching-cycles", csv=path, dry_run=True)

    assert (
        "Dry run, nothing changed: would have awarded 1, invited 1, already held 1, "
        "bad lines 0." in out
    )
    assert "line 4: would award to the address and invite zed@example.org" in out
    assert Assertion.objects.count() == 1
    assert AuditEntry.objects.filter(action="assertion.award").count() == 1


def test_bulk_by_an_admin_of_another_district_is_refused(badge, outsider, tmp_path):
    UserFactory(email="ana@example.org")
    path = write_csv(tmp_path, "email\nana@example.org\n")
    message, _out = run_failing("award", badge="coaching-cycles", csv=path, actor=outsider.email)
    assert "may not award badges" in message
    assert_nothing_changed()


@pytest.mark.parametrize(
    ("text", "encoding", "message"),
    [
        ("name\nana@example.org\n", "utf-8", "no “email” column"),
        ("ana@example.org\n", "utf-8", "no “email” column"),
        ("email\nzoë@example.org\nana@example.org\n", "latin-1", "not UTF-8"),
        ("", "utf-8", "The file is empty"),
        ('email\n"ana@example.org\n', "utf-8", "not readable as CSV"),
    ],
)
def test_bulk_refuses_an_unusable_file_before_awarding(badge, tmp_path, text, encoding, message):
    UserFactory(email="ana@example.org")
    path = write_csv(tmp_path, text, encoding=encoding)
    error, _out = run_failing("award", badge="coaching-cycles", csv=path)
    assert message in error
    assert error.endswith("Nothing was awarded.")
    assert_nothing_changed()


def test_bulk_refuses_a_missing_file(badge, tmp_path):
    error, _out = run_failing("award", badge="coaching-cycles", csv=str(tmp_path / "nope.csv"))
    assert error.startswith("Cannot read")
    assert_nothing_changed()


def test_bulk_refuses_single_award_options(badge, tmp_path):
    path = write_csv(tmp_path, "email\nana@example.org\n")
    error, _out = run_failing("award", badge="coaching-cycles", csv=path, narrative="Well done")
    assert "--evidence and --narrative go with --email" in error
    assert_nothing_changed()


# revoke -------------------------------------------------------------------------


@pytest.fixture
def assertion(badge, ana):
    return AssertionFactory(badge_class=badge, recipient=ana)


def test_revoke_by_id(assertion):
    out = run("revoke", str(assertion.public_id), reason="Awarded in error.")

    assertion.refresh_from_db()
    assert assertion.revoked_at is not None
    assert assertion.revocation_reason == "Awarded in error."
    assert assertion.revoked_by is None
    assert "Revoked “Coaching Cycles” awarded to ana@example.org." in out
    assert assertion_url(assertion) in out
    entry = AuditEntry.objects.get(action="assertion.revoke")
    assert entry.target_id == str(assertion.public_id)
    assert entry.actor_label == f"manage.py revoke (os user {getpass.getuser()})"
    assert entry.data == {"reason": "Awarded in error."}


@pytest.mark.parametrize("kind", ["hosted", "baked"])
def test_revoke_by_url(assertion, admin, kind):
    url = assertion_url(assertion) if kind == "hosted" else baked_url(assertion, "png")
    run("revoke", url, reason="Evidence was plagiarized.", actor=admin.email)

    assertion.refresh_from_db()
    assert assertion.revoked_by == admin
    entry = AuditEntry.objects.get(action="assertion.revoke")
    assert entry.actor == admin
    assert entry.actor_label == f"{admin.email} (manage.py revoke)"


def test_revoke_twice_is_an_error(assertion):
    run("revoke", str(assertion.public_id), reason="Awarded in error.")
    message, _out = run_failing("revoke", str(assertion.public_id), reason="Again.")
    assert message.startswith("This badge was already revoked on")
    assertion.refresh_from_db()
    assert assertion.revocation_reason == "Awarded in error."
    assert AuditEntry.objects.filter(action="assertion.revoke").count() == 1


def test_revoke_by_an_admin_of_another_district_is_refused(assertion, outsider):
    message, _out = run_failing(
        "revoke", str(assertion.public_id), reason="No.", actor=outsider.email
    )
    assert message == "You may not revoke badges for this issuer."
    assertion.refresh_from_db()
    assert assertion.revoked_at is None
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize(
    ("given", "reason", "message"),
    [
        ("00000000-0000-4000-8000-000000000000", "Error.", "No badge was awarded with the id"),
        ("not-an-id", "Error.", "'not-an-id' is neither an assertion id nor the address"),
        (
            "https://elsewhere.example.org/ob/v2/assertions/00000000-0000-4000-8000-000000000000",
            "Error.",
            "is neither an assertion id nor the address",
        ),
        (
            "http://testserver/ob/v2/issuers/00000000-0000-4000-8000-000000000000",
            "Error.",
            "is neither",
        ),
        ("{id}", "", "A revocation needs a reason."),
        ("{id}", "   ", "A revocation needs a reason."),
    ],
)
def test_revoke_errors_change_nothing(assertion, given, reason, message):
    error, _out = run_failing("revoke", given.format(id=assertion.public_id), reason=reason)
    assert message in error
    assertion.refresh_from_db()
    assert assertion.revoked_at is None
    assert not AuditEntry.objects.exists()


def test_bulk_reads_the_file_in_chunks_and_reports_every_line_in_order(
    badge, tmp_path, monkeypatch
):
    import pathways.services

    monkeypatch.setattr(pathways.services, "BATCH_SIZE", 2)  # chunks of two lines
    for name in ("ana", "ben", "cy"):
        UserFactory(email=f"{name}@example.org")
    text = "email\nana@example.org\nben@example\nben@example.org\nzed@example.org\ncy@example.org\n"
    path = write_csv(tmp_path, text)
    _message, out = run_failing("award", badge="coaching-cycles", csv=path)
    lines = out.splitlines()
    assert [line.split(":")[0] for line in lines[:5]] == [f"line {n}" for n in range(2, 7)]
    assert lines[0].startswith("line 2: awarded ana@example.org http")
    assert lines[1].startswith("line 3: bad line:")
    assert lines[3].startswith("line 5: invited zed@example.org http")
    assert lines[5] == "Awarded 3, invited 1, already held 0, bad lines 1."

    _message, out = run_failing("award", badge="coaching-cycles", csv=path)
    assert out.splitlines()[-1] == "Awarded 0, invited 0, already held 4, bad lines 1."
    assert Assertion.objects.count() == 4


def test_bulk_refuses_a_file_broken_after_its_first_chunk_before_awarding(
    badge, tmp_path, monkeypatch
):
    import pathways.services

    monkeypatch.setattr(pathways.services, "BATCH_SIZE", 2)
    UserFactory(email="ana@example.org")
    UserFactory(email="ben@example.org")
    path = write_csv(tmp_path, 'email\nana@example.org\nben@example.org\nzed@example.org\n"x\n')
    error, _out = run_failing("award", badge="coaching-cycles", csv=path)
    assert "not readable as CSV" in error
    assert error.endswith("Nothing was awarded.")
    assert_nothing_changed()
