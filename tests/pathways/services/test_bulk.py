"""Bulk awards from a CSV file, end to end through the database: the preview writes
nothing but its job, confirming runs it (eagerly, as without a broker) through the
award door, a rerun awards nothing new, and every bad line has its reason."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from badges.models import Assertion
from core.errors import Forbidden, InvalidTransition
from core.models import AuditEntry, Transition
from pathways.errors import BulkAwardError
from pathways.models import BulkAwardJob, BulkAwardLine
from pathways.services import assertion_award, assertion_revoke
from pathways.services.bulk import (
    bulk_award_job_confirm,
    bulk_award_job_preview,
    bulk_award_job_run,
    report_csv,
)
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

MESSY = (
    "\ufeffemail,evidence_url,narrative\r\n"  # 1: header after a BOM, CRLF lines
    "ana@example.org,https://example.org/ana,Great unit\r\n"  # 2
    "\r\n"  # 3 blank
    "ben@example,,\r\n"  # 4 malformed e-mail
    "zed@example.org,,\r\n"  # 5 no account: invited
    "ANA@example.org,,\r\n"  # 6 duplicate of 2
    "ben@example.org,,\r\n"  # 7 holds it already
    "cy@example.org,,,extra\r\n"  # 8 an extra column
    ",,\r\n"  # 9 empty cells: blank
    "dee@example.org,portfolio,\r\n"  # 10 bad evidence URL
)


def preview(admin, badge, text, name="awards.csv"):
    return bulk_award_job_preview(
        actor=admin, badge_class=badge, data=text.encode("utf-8"), file_name=name
    )


def confirm(job, actor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        bulk_award_job_confirm(actor=actor, job=job)
    job.refresh_from_db()
    return job


@pytest.fixture
def people(ana, ben):
    for email in ("cy@example.org", "dee@example.org"):
        UserFactory(email=email)
    return ana, ben


def report(job):
    return list(csv.DictReader(io.StringIO(report_csv(job=job))))


def test_preview_writes_nothing_but_the_job_and_reports_each_bad_line(admin, badge, people):
    _ana, ben = people
    assertion_award(actor=None, badge_class=badge, recipient=ben, actor_label="test")
    assertions, audits, transitions = (
        Assertion.objects.count(),
        AuditEntry.objects.count(),
        Transition.objects.count(),
    )

    job = preview(admin, badge, MESSY)

    assert Assertion.objects.count() == assertions
    assert AuditEntry.objects.count() == audits
    assert Transition.objects.count() == transitions
    assert not BulkAwardLine.objects.exists()
    assert job.status == BulkAwardJob.Status.PREVIEWED
    assert (job.will_award, job.will_invite, job.already_held, job.bad_lines, job.total) == (
        1,
        1,
        1,
        4,
        3,
    )
    by_line = {line["line"]: line for line in job.lines}
    assert sorted(by_line) == [2, 4, 5, 6, 7, 8, 10]
    assert by_line[2]["outcome"] == "award"
    assert by_line[7]["outcome"] == "held"
    assert by_line[5]["outcome"] == "invite"
    reasons = {n: by_line[n]["reason"] for n in (4, 6, 8, 10)}
    assert reasons[4] == "malformed email 'ben@example'"
    assert reasons[6].startswith("duplicate of line 2 (ana@example.org)")
    assert "4 fields but the header has 3" in reasons[8]
    assert reasons[10].startswith("bad evidence URL 'portfolio'")


def test_confirm_awards_through_the_door_and_a_rerun_awards_nothing_new(
    admin, badge, people, django_capture_on_commit_callbacks
):
    ana, _ben = people
    text = "email,narrative\nana@example.org,Great unit\nben@example.org,\ncy@example.org,\n"
    job = confirm(preview(admin, badge, text), admin, django_capture_on_commit_callbacks)

    assert job.status == BulkAwardJob.Status.DONE
    assert (job.processed, job.awarded, job.held, job.errors) == (3, 3, 0, 0)
    assert job.percent == 100
    assert Assertion.objects.filter(badge_class=badge, awarded_by=admin).count() == 3
    assert Assertion.objects.get(recipient=ana).narrative == "Great unit"
    assert AuditEntry.objects.filter(action="bulk_award.confirm").count() == 1
    assert AuditEntry.objects.filter(action="bulk_award.finish").count() == 1
    moves = Transition.objects.filter(target_id=str(job.public_id)).values_list("move", flat=True)
    assert sorted(moves) == ["confirm", "finish"]
    rows = report(job)
    assert [r["outcome"] for r in rows] == ["awarded", "awarded", "awarded"]
    assert all(r["url"].startswith("http://testserver/ob/v2/assertions/") for r in rows)

    again = preview(admin, badge, text)
    assert (again.will_award, again.already_held) == (0, 3)
    again = confirm(again, admin, django_capture_on_commit_callbacks)
    assert (again.awarded, again.held) == (0, 3)
    assert Assertion.objects.count() == 3
    assert AuditEntry.objects.filter(action="assertion.award").count() == 3
    assert [r["outcome"] for r in report(again)] == ["held", "held", "held"]


def test_report_lists_every_line_with_its_outcome_or_reason(
    admin, badge, people, django_capture_on_commit_callbacks
):
    _ana, ben = people
    assertion_award(actor=None, badge_class=badge, recipient=ben, actor_label="test")
    job = confirm(preview(admin, badge, MESSY), admin, django_capture_on_commit_callbacks)
    rows = {int(r["line"]): r for r in report(job)}
    assert sorted(rows) == [2, 4, 5, 6, 7, 8, 10]
    assert rows[2]["outcome"] == "awarded"
    assert rows[2]["email"] == "ana@example.org"
    assert rows[7]["outcome"] == "held"
    zed = Assertion.objects.get(recipient_email="zed@example.org")
    assert zed.recipient is None
    assert rows[5] == {
        "line": "5",
        "email": "zed@example.org",
        "outcome": "invited",
        "url": f"http://testserver/ob/v2/assertions/{zed.public_id}",
        "reason": "",
    }
    assert job.invited == 1
    assert rows[4]["reason"] == "malformed email 'ben@example'"


def test_a_line_changed_since_the_preview_is_judged_when_it_runs(
    admin, badge, people, django_capture_on_commit_callbacks
):
    ana, ben = people
    held = assertion_award(actor=None, badge_class=badge, recipient=ben, actor_label="t")
    job = preview(admin, badge, "email\nana@example.org\nben@example.org\n")
    assertion_revoke(actor=None, assertion=held.assertion, reason="Issued in error")
    ana.delete()  # the account is gone by the time the job runs

    job = confirm(job, admin, django_capture_on_commit_callbacks)
    rows = {int(r["line"]): r for r in report(job)}
    assert rows[2]["outcome"] == "invited"  # no account now: awarded to the address
    assert rows[3]["outcome"] == "awarded"  # revoked since: awarded anew
    assert (job.awarded, job.invited, job.errors) == (1, 1, 0)


def test_a_resumed_job_awards_no_line_twice(
    admin, badge, people, django_capture_on_commit_callbacks
):
    job = confirm(
        preview(admin, badge, "email\nana@example.org\nben@example.org\n"),
        admin,
        django_capture_on_commit_callbacks,
    )
    # Run again as a redelivered task would: the job is done; nothing happens.
    bulk_award_job_run(job_id=job.pk)
    BulkAwardJob.objects.filter(pk=job.pk).update(status="running")
    bulk_award_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.processed == 2
    assert BulkAwardLine.objects.filter(job=job).count() == 2
    assert Assertion.objects.count() == 2


def test_an_admin_of_another_district_may_not_preview_or_confirm(
    admin, badge, people, other_district_admin
):
    with pytest.raises(Forbidden):
        preview(other_district_admin, badge, "email\nana@example.org\n")
    job = preview(admin, badge, "email\nana@example.org\n")
    with pytest.raises(Forbidden):
        bulk_award_job_confirm(actor=other_district_admin, job=job)
    job.refresh_from_db()
    assert job.status == "previewed"


def test_a_job_is_confirmed_once(admin, badge, people, django_capture_on_commit_callbacks):
    job = confirm(
        preview(admin, badge, "email\nana@example.org\n"), admin, django_capture_on_commit_callbacks
    )
    with pytest.raises(InvalidTransition):
        bulk_award_job_confirm(actor=admin, job=job)
    assert Assertion.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty"),
        (b"email\n", "no one in it"),
        (b"name\nana@example.org\n", "no “email” column"),
        ("email\nzoë@example.org\n".encode("latin-1"), "not UTF-8"),
        (b"PK\x03\x04rest-of-a-workbook", "spreadsheet workbook"),
        (b'email\n"ana@example.org\n', "not readable as CSV"),
        (b"email\nana@example.org\x00\n", "not readable as CSV"),
        (b"email\n" + b"a@example.org\n" * 5001, "at most 5000"),
    ],
)
def test_an_unusable_file_is_refused_and_nothing_is_written(admin, badge, data, message):
    with pytest.raises(BulkAwardError, match=message):
        bulk_award_job_preview(actor=admin, badge_class=badge, data=data, file_name="x.csv")
    assert not BulkAwardJob.objects.exists()


def test_a_file_over_the_size_limit_is_refused(admin, badge, settings):
    from pathways.services.bulk import jobs

    data = b"email\n" + b"a@example.org\n" * (jobs.MAX_BYTES // 14 + 1)
    with pytest.raises(BulkAwardError, match="at most 2 MB"):
        bulk_award_job_preview(actor=admin, badge_class=badge, data=data)
    assert not BulkAwardJob.objects.exists()


def test_the_run_costs_a_few_queries_per_line(
    admin, badge, school, django_capture_on_commit_callbacks
):
    from tests.accounts.factories import MembershipFactory

    def run(n):
        emails = [
            MembershipFactory(organization=school, user__email=f"p{n}-{i}@example.org").user.email
            for i in range(n)
        ]
        job = preview(admin, badge, "email\n" + "\n".join(emails) + "\n")
        with CaptureQueriesContext(connection) as queries:
            confirm(job, admin, django_capture_on_commit_callbacks)
        return len(queries)

    one, five = run(1), run(5)
    per_line = (five - one) / 4
    assert per_line <= 25, per_line


# Addresses without an account ------------------------------------------------------


def test_an_address_without_an_account_is_invited_once(
    admin, badge, ana, django_capture_on_commit_callbacks
):
    from django.core import mail

    text = "email\nana@example.org\nnew@example.org\n"
    job = confirm(preview(admin, badge, text), admin, django_capture_on_commit_callbacks)
    assert (job.awarded, job.invited, job.held, job.errors) == (1, 1, 0, 0)
    invited = Assertion.objects.get(recipient_email="new@example.org")
    assert invited.recipient is None
    assert [m.to for m in mail.outbox] == [["new@example.org"]]

    again = preview(admin, badge, text)
    assert (again.will_award, again.will_invite, again.already_held) == (0, 0, 2)
    again = confirm(again, admin, django_capture_on_commit_callbacks)
    assert (again.awarded, again.invited, again.held) == (0, 0, 2)
    assert Assertion.objects.count() == 2
    assert len(mail.outbox) == 1
    assert AuditEntry.objects.filter(action="assertion.invite").count() == 1


def test_a_student_badge_invites_no_one(admin, badge, ana):
    badge.audience = "student"
    badge.save()
    job = preview(admin, badge, "email\nana@example.org\nkid@example.org\n")
    by_line = {line["line"]: line for line in job.lines}
    assert by_line[2]["outcome"] == "award"  # on the roster
    assert by_line[3]["outcome"] == "error"
    assert "badge for students, who come from the roster" in by_line[3]["reason"]
    assert job.will_invite == 0
