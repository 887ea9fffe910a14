"""The main flow through the services: submit, changes, revise, two-role approval, award."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from badges.models import Assertion
from evidence import services
from evidence.models import StatusChange, Submission

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_two_role_flow_awards_once(world, django_capture_on_commit_callbacks, mailoutbox):
    s = services.submission_start(
        actor=world.student, earner=world.student, badge_class=world.badge
    )
    services.artifact_add_file(
        actor=world.student, submission=s, upload=SimpleUploadedFile("weld.pdf", PDF)
    )
    services.submission_submit(actor=world.student, submission=s)
    with django_capture_on_commit_callbacks(execute=True):
        services.review_submit(
            actor=world.supervisor,
            submission=s,
            decision="changes",
            scores=world.scores(2),
            feedback="Show the root pass.",
        )
    s.refresh_from_db()
    assert s.status == "changes_requested"
    assert len(mailoutbox) == 1
    services.submission_revise(actor=world.student, submission=s)
    s.refresh_from_db()
    assert (s.status, s.version) == ("draft", 2)
    services.artifact_add_link(actor=world.student, submission=s, url="https://example.org/video")
    services.submission_submit(actor=world.student, submission=s)
    services.review_submit(
        actor=world.supervisor, submission=s, decision="approve", scores=world.scores(3)
    )
    s.refresh_from_db()
    assert s.status == "in_review"
    services.review_submit(
        actor=world.teacher, submission=s, decision="approve", scores=world.scores(4)
    )
    s.refresh_from_db()
    assert s.status == "approved"
    assert s.assertion is not None
    assert Assertion.objects.filter(recipient=world.student, badge_class=world.badge).count() == 1
    assert list(StatusChange.objects.filter(submission=s).values_list("to_status", flat=True)) == [
        "draft",
        "submitted",
        "changes_requested",
        "draft",
        "submitted",
        "in_review",
        "approved",
    ]
    assert Submission.objects.get(pk=s.pk).versions.count() == 2
    assert io  # keep import
