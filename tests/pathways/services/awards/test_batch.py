"""Bulk awards in chunks (`assertions_award_batch`): the same rules as the one-by-one
door, once per person, a handful of statements per chunk rather than per person; the
job and `manage.py award --csv` both run on it."""

from datetime import timedelta

import pytest
from django.contrib.auth.hashers import make_password
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import User
from badges.errors import BadgeClassNotActive
from badges.models import Assertion, BadgeClass, StatusListEntry
from badges.openbadges.ob2 import EvidenceItem
from badges.services import status_list_entry_for
from core.errors import Forbidden
from core.models import AuditEntry
from pathways import services as sp
from pathways.models import BulkAwardJob, BulkAwardLine, Pathway
from pathways.services.awards import batch
from pathways.services.bulk import bulk_award_job_confirm, bulk_award_job_preview, jobs
from tests.accounts.factories import UserFactory
from tests.badges.factories import BadgeClassFactory

pytestmark = pytest.mark.django_db


class Line:
    def __init__(self, email, evidence=(), narrative=""):
        self.email, self.evidence, self.narrative = email, tuple(evidence), narrative


def award(badge, emails, actor=None, **kw):
    return batch.assertions_award_batch(
        actor=actor, badge_class=badge, recipients=[Line(e) for e in emails], **kw
    )


def people(n, prefix="p"):
    User.objects.bulk_create(
        User(email=f"{prefix}{i}@example.org", name=f"P {i}", password=make_password(None))
        for i in range(n)
    )
    return [f"{prefix}{i}@example.org" for i in range(n)]


def test_a_chunk_is_awarded_once_with_status_places_and_audit_rows(
    admin, badge, ana, ben, django_capture_on_commit_callbacks
):
    earlier = sp.assertion_award(actor=None, badge_class=badge, recipient=ben).assertion
    first = status_list_entry_for(assertion=earlier).index
    lines = [
        Line("ANA@example.org", [EvidenceItem(url="https://example.org/a")], "Great unit"),
        Line("ben@example.org"),
        Line("zed@example.org"),
        Line("ana@example.org"),  # the same person again in one chunk
    ]
    with django_capture_on_commit_callbacks() as callbacks:
        results = batch.assertions_award_batch(actor=admin, badge_class=badge, recipients=lines)

    assert [r.outcome for r in results] == ["awarded", "held", "invited", "held"]
    assert results[1].assertion == earlier
    assert results[3].assertion == results[0].assertion
    to_ana = Assertion.objects.get(recipient=ana)
    assert to_ana.evidence == [{"url": "https://example.org/a", "narrative": "", "name": ""}]
    assert to_ana.narrative == "Great unit"
    assert to_ana.awarded_by == admin
    to_zed = Assertion.objects.get(recipient_email="zed@example.org")
    assert to_zed.recipient is None
    assert to_zed.recipient_hash
    assert Assertion.objects.count() == 3
    places = StatusListEntry.objects.filter(assertion__in=[to_ana, to_zed])
    assert sorted(places.values_list("index", flat=True)) == [first + 1, first + 2]
    awards = AuditEntry.objects.filter(action="assertion.award", actor=admin)
    assert set(awards.values_list("target_id", flat=True)) == {
        str(to_ana.public_id),
        str(to_zed.public_id),
    }
    assert AuditEntry.objects.filter(action="assertion.invite").count() == 1
    assert len(callbacks) == 1  # the invitations, once the transaction commits

    again = award(badge, ["ana@example.org", "ben@example.org", "zed@example.org"], admin)
    assert [r.outcome for r in again] == ["held", "held", "held"]
    assert Assertion.objects.count() == 3
    assert AuditEntry.objects.filter(action="assertion.award").count() == 3


def test_the_doors_rules_hold_line_by_line(admin, district, ana):
    students = BadgeClassFactory(issuer__organization=district, audience="student")
    UserFactory(email="gone@example.org", is_active=False)
    results = award(students, ["ana@example.org", "kid@example.org", "gone@example.org"], admin)
    assert [r.outcome for r in results] == ["awarded", "error", "error"]
    assert "badge for students, who come from the roster" in results[1].reason
    assert "deactivated" in results[2].reason
    assert Assertion.objects.count() == 1


def test_a_refused_actor_or_an_inactive_badge_writes_nothing(badge, ana, other_district_admin):
    with pytest.raises(Forbidden):
        award(badge, ["ana@example.org"], other_district_admin)
    BadgeClass.objects.filter(pk=badge.pk).update(status=BadgeClass.Status.ARCHIVED)
    with pytest.raises(BadgeClassNotActive):
        award(badge, ["ana@example.org"])
    assert not Assertion.objects.exists()
    assert not AuditEntry.objects.filter(action="assertion.award").exists()


def test_an_expired_award_is_superseded_and_renewed(badge, ana):
    BadgeClass.objects.filter(pk=badge.pk).update(valid_for_days=30)
    badge.refresh_from_db()
    old = sp.assertion_award(actor=None, badge_class=badge, recipient=ana).assertion
    Assertion.objects.filter(pk=old.pk).update(expires_at=timezone.now() - timedelta(days=1))
    (result,) = award(badge, ["ana@example.org"])
    assert result.outcome == "awarded"
    old.refresh_from_db()
    assert old.superseded_at is not None
    assert result.assertion.expires_at > timezone.now() + timedelta(days=29)
    assert AuditEntry.objects.filter(action="assertion.supersede").count() == 1


def test_a_completed_pathway_is_awarded(district, badge, ana, ben):
    issuer = badge.issuer
    pathway = sp.pathway_create(
        actor=None,
        badge_class=BadgeClassFactory(issuer=issuer, name="Coach"),
        slug="coach",
        name="Coach",
    )
    root = pathway.requirements.get(parent=None)
    sp.pathway_requirement_add(
        actor=None, pathway=pathway, parent=root, kind="badge", badge_class=badge
    )
    sp.pathway_activate(actor=None, pathway=pathway)
    assert Pathway.objects.get(pk=pathway.pk).status == "active"
    award(badge, ["ana@example.org", "ben@example.org", "zed@example.org"])
    holders = Assertion.objects.filter(badge_class=pathway.badge_class)
    assert set(holders.values_list("recipient__email", flat=True)) == {
        "ana@example.org",
        "ben@example.org",
    }


def test_an_award_made_meanwhile_sends_the_chunk_through_the_one_by_one_door(
    badge, ana, ben, monkeypatch
):
    existing = sp.assertion_award(actor=None, badge_class=badge, recipient=ana).assertion
    monkeypatch.setattr(batch, "_current", lambda *args: [])  # as if not seen: a race
    results = award(badge, ["ana@example.org", "ben@example.org"])
    assert [r.outcome for r in results] == ["held", "awarded"]
    assert results[0].assertion == existing
    assert Assertion.objects.count() == 2


def test_status_places_follow_on_in_the_order_the_chunk_was_awarded(badge, ben):
    earlier = sp.assertion_award(actor=None, badge_class=badge, recipient=ben).assertion
    first = status_list_entry_for(assertion=earlier).index
    emails = people(30, "p")
    results = award(badge, emails)
    made = [r.assertion for r in results]
    places = dict(
        StatusListEntry.objects.filter(assertion__in=made).values_list("assertion_id", "index")
    )
    assert [places[a.pk] for a in made] == list(range(first + 1, first + 31))
    entry = StatusListEntry.objects.get(assertion=made[0])
    assert entry.issuer_id == badge.issuer_id
    assert entry.created_at == made[0].issued_on


def test_statements_do_not_grow_with_the_people_in_a_chunk(badge):
    def count(n, prefix):
        emails = people(n, prefix)
        with CaptureQueriesContext(connection) as queries:
            for i in range(0, n, batch.BATCH_SIZE):
                award(badge, emails[i : i + batch.BATCH_SIZE])
        assert Assertion.objects.filter(recipient__email__startswith=prefix).count() == n
        return len(queries)

    small, large = count(200, "s"), count(1000, "l")
    # 200 people: one chunk; 1,000: two (measured on SQLite: 22 and 64 statements,
    # its INSERTs split at 999 parameters). Per person it was about 15 statements.
    assert large < 100, (small, large)
    assert large - small < 80, (small, large)


def job_of(admin, badge, emails, django_capture_on_commit_callbacks):
    data = ("email\n" + "\n".join(emails) + "\n").encode()
    job = bulk_award_job_preview(actor=admin, badge_class=badge, data=data)
    with django_capture_on_commit_callbacks(execute=True):
        bulk_award_job_confirm(actor=admin, job=job)
    job.refresh_from_db()
    return job


def test_a_job_stopped_midway_resumes_without_awarding_anyone_twice(
    admin, badge, monkeypatch, django_capture_on_commit_callbacks
):
    emails = people(7)
    monkeypatch.setattr(jobs, "CHUNK", 3)
    real, calls = jobs.assertions_award_batch, []

    def crash_on_second_chunk(**kw):
        calls.append(len(kw["recipients"]))
        if len(calls) == 2:
            raise RuntimeError("worker lost")
        return real(**kw)

    monkeypatch.setattr(jobs, "assertions_award_batch", crash_on_second_chunk)
    job = job_of(admin, badge, emails, django_capture_on_commit_callbacks)
    assert job.status == "failed"
    assert (job.processed, job.awarded) == (3, 3)
    assert Assertion.objects.count() == 3

    BulkAwardJob.objects.filter(pk=job.pk).update(status="running")
    jobs.bulk_award_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == "done"
    assert (job.processed, job.awarded, job.held) == (7, 7, 0)
    assert Assertion.objects.count() == 7
    assert BulkAwardLine.objects.filter(job=job).count() == 7
    assert calls == [3, 3, 3, 1]  # the first chunk is not tried again

    rerun = job_of(admin, badge, emails, django_capture_on_commit_callbacks)
    assert (rerun.awarded, rerun.held) == (0, 7)
    assert Assertion.objects.count() == 7
