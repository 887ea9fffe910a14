"""Reviewers are told when a submission enters their queue (submit, resubmit after a
revision, and when one kind's approval routes it on to another), in Cairn and by
e-mail or in their digest; the earner's page says exactly what happened."""

import re

import pytest
from django.urls import reverse

from accounts.models import Membership
from core.models import NoticePreference, Notification
from evidence import services, tasks
from tests.accounts.factories import MembershipFactory, SchoolFactory
from tests.evidence.factories import ApprovalPolicyFactory

pytestmark = pytest.mark.django_db
WAITING = "is waiting for your review"


def draft(world):
    s = services.submission_start(
        actor=world.student, earner=world.student, badge_class=world.badge
    )
    services.artifact_add_link(actor=world.student, submission=s, url="https://example.org/weld")
    return s


def reviewers(world):
    return {world.teacher, world.supervisor, world.mentor}


def test_every_reviewer_gets_a_notice_and_an_email_on_submit(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    s = draft(world)
    with django_capture_on_commit_callbacks(execute=True):
        done = services.submission_submit(actor=world.student, submission=s)
    told = {n.user for n in Notification.objects.filter(message__contains=WAITING)}
    assert told == reviewers(world)
    assert sorted(m.to[0] for m in mailoutbox) == sorted(u.email for u in reviewers(world))
    assert (done.told.immediate, done.told.digest, done.told.admins) == (3, 0, 0)
    assert not world.student.notifications.exists()
    assert not world.other_teacher.notifications.exists()


def test_a_digest_reader_is_emailed_in_the_digest_only(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    NoticePreference.objects.create(user=world.supervisor, email="digest")
    s = draft(world)
    with django_capture_on_commit_callbacks(execute=True):
        done = services.submission_submit(actor=world.student, submission=s)
    assert world.supervisor.notifications.filter(message__contains=WAITING).exists()
    assert world.supervisor.email not in [m.to[0] for m in mailoutbox]
    assert (done.told.immediate, done.told.digest) == (2, 1)

    mailoutbox.clear()
    tasks.send_reviewer_digests()
    digest = next(m for m in mailoutbox if m.to == [world.supervisor.email])
    assert "New since your last digest" in digest.body
    assert WAITING in digest.body
    assert "Waiting for your review" in digest.body
    # Sent once: the next digest has only the queue.
    mailoutbox.clear()
    tasks.send_reviewer_digests()
    again = next(m for m in mailoutbox if m.to == [world.supervisor.email])
    assert "New since your last digest" not in again.body


def test_resubmitting_a_revision_tells_the_reviewers_again(
    world, django_capture_on_commit_callbacks
):
    s = services.submission_submit(actor=world.student, submission=draft(world))
    services.review_submit(
        actor=world.teacher,
        submission=s,
        decision="changes",
        scores=world.scores(2),
        feedback="More photos",
    )
    s = services.submission_revise(actor=world.student, submission=s)
    services.submission_submit(actor=world.student, submission=s)
    assert world.mentor.notifications.filter(message__contains=WAITING).count() == 2


def test_an_approval_routes_it_on_to_the_kind_still_needed(world):
    s = services.submission_submit(actor=world.student, submission=draft(world))
    Notification.objects.all().delete()
    services.review_submit(
        actor=world.supervisor, submission=s, decision="approve", scores=world.scores(3)
    )
    routed_on = Notification.objects.filter(message__contains="now waits for your review")
    # The section teacher's approval is still needed; the mentor is no such kind.
    assert {n.user for n in routed_on} == {world.teacher}


def test_with_nobody_to_review_the_district_admins_are_told(world, client):
    school = SchoolFactory()
    policy = ApprovalPolicyFactory(
        badge_class__issuer__organization=school.parent, allow_section_teacher=False
    )
    admin = MembershipFactory(organization=school.parent, role=Membership.Role.ADMIN).user
    student = MembershipFactory(organization=school, role=Membership.Role.STUDENT).user
    s = services.submission_start(actor=student, earner=student, badge_class=policy.badge_class)
    services.artifact_add_link(actor=student, submission=s, url="https://example.org/x")
    client.force_login(student)
    response = client.post(
        reverse("evidence:submission-submit", kwargs={"public_id": s.public_id}), follow=True
    )
    page = response.content.decode()
    assert "No reviewer is assigned yet — your district admin has been told." in page
    assert admin.notifications.filter(message__contains="nobody may review it").count() == 1


@pytest.mark.parametrize(
    ("digest", "expected"),
    [
        ((), "3 reviewers have been told it is waiting for them."),
        (
            ("teacher", "supervisor", "mentor"),
            "Your reviewers will see it in Cairn and in their daily digest.",
        ),
        (("mentor",), "2 reviewers have been told by e-mail; 1 more will see it in"),
    ],
)
def test_the_earners_message_says_what_happened(world, client, digest, expected):
    for name in digest:
        NoticePreference.objects.create(user=getattr(world, name), email="digest")
    s = draft(world)
    client.force_login(world.student)
    response = client.post(
        reverse("evidence:submission-submit", kwargs={"public_id": s.public_id}), follow=True
    )
    assert expected in response.content.decode()


def test_the_email_choice_is_made_on_the_notifications_page(world, client):
    client.force_login(world.teacher)
    url = reverse("evidence:notification-email")
    assert client.post(url, {"email": "weekly"}).status_code == 400
    assert not NoticePreference.objects.exists()
    response = client.post(url, {"email": "digest"}, follow=True)
    assert "one e-mail a day" in response.content.decode()
    assert NoticePreference.objects.get(user=world.teacher).email == "digest"
    page = client.get(reverse("evidence:notification-list")).content.decode()
    assert re.search(r'value="digest"[^>]*checked', page)
