"""The evidence workflow through its services: every move allowed and refused."""

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connections

from badges.models import Assertion
from core.models import AuditEntry, Notification
from evidence import services
from evidence.models import (
    Artifact,
    ModerationCase,
    Review,
    StatusChange,
    Submission,
)
from evidence.workflow import SUBMISSION_FLOW, InvalidTransition
from tests.accounts.factories import MembershipFactory, SchoolFactory, UserFactory
from tests.evidence.factories import ReviewerGroupFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
S = Submission.Status


def start(world, earner=None, actor=None):
    earner = earner or world.student
    return services.submission_start(actor=actor or earner, earner=earner, badge_class=world.badge)


def submitted(world, earner=None, actor=None):
    s = start(world, earner, actor)
    services.artifact_add_link(
        actor=actor or s.earner, submission=s, url="https://example.org/weld-photos"
    )
    return services.submission_submit(actor=actor or s.earner, submission=s)


def review(world, reviewer, s, decision="approve", level=3, feedback="ok"):
    return services.review_submit(
        actor=reviewer,
        submission=s,
        decision=decision,
        scores=world.scores(level),
        feedback=feedback,
    )


def history(s):
    return list(StatusChange.objects.filter(submission=s).values_list("from_status", "to_status"))


# The transition table -------------------------------------------------------------------


EXPECTED_MOVES = {
    (S.DRAFT, S.SUBMITTED),
    (S.DRAFT, S.WITHDRAWN),
    (S.SUBMITTED, S.IN_REVIEW),
    (S.SUBMITTED, S.APPROVED),
    (S.SUBMITTED, S.CHANGES_REQUESTED),
    (S.SUBMITTED, S.DECLINED),
    (S.SUBMITTED, S.WITHDRAWN),
    (S.IN_REVIEW, S.APPROVED),
    (S.IN_REVIEW, S.CHANGES_REQUESTED),
    (S.IN_REVIEW, S.DECLINED),
    (S.CHANGES_REQUESTED, S.DRAFT),
    (S.CHANGES_REQUESTED, S.WITHDRAWN),
}


def test_transition_table_refuses_everything_not_listed():
    for a in S.values:
        for b in S.values:
            if (a, b) in EXPECTED_MOVES:
                assert SUBMISSION_FLOW.check(a, b).to == b
            else:
                with pytest.raises(InvalidTransition):
                    SUBMISSION_FLOW.check(a, b)
    for closed in (S.APPROVED, S.DECLINED, S.WITHDRAWN):
        assert SUBMISSION_FLOW.available(closed) == []


# Starting ---------------------------------------------------------------------------------


def test_start_creates_a_draft_with_history_and_audit(world):
    s = start(world)
    assert (s.status, s.version, s.submitted_by) == (S.DRAFT, 1, world.student)
    assert history(s) == [("", "draft")]
    assert AuditEntry.objects.filter(action="submission.start", actor=world.student).exists()


def test_one_open_submission_per_earner_and_badge(world):
    start(world)
    with pytest.raises(services.EvidenceError, match="already an open submission"):
        start(world)
    assert Submission.objects.count() == 1


def test_self_submission_can_be_turned_off(world):
    world.policy.allow_self_submission = False
    world.policy.save()
    with pytest.raises(PermissionDenied):
        start(world)


def test_teacher_may_submit_on_behalf_of_own_student_only(world):
    s = start(world, earner=world.student, actor=world.teacher)
    assert s.on_behalf
    assert history(s) == [("", "draft")]
    outsider = MembershipFactory(organization=SchoolFactory(), role="teacher").user
    with pytest.raises(PermissionDenied, match="own sections"):
        services.submission_start(
            actor=outsider, earner=world.other_student, badge_class=world.badge
        )
    world.policy.allow_teacher_on_behalf = False
    world.policy.save()
    with pytest.raises(PermissionDenied):
        services.submission_start(
            actor=world.teacher, earner=world.other_student, badge_class=world.badge
        )


def test_badge_without_policy_takes_no_evidence(world):
    from tests.badges.factories import BadgeClassFactory

    with pytest.raises(services.EvidenceError, match="does not take evidence"):
        services.submission_start(
            actor=world.student, earner=world.student, badge_class=BadgeClassFactory()
        )


# Evidence ---------------------------------------------------------------------------------


def test_uploads_checked_by_content_leave_the_submission_unchanged(world, settings):
    s = start(world)
    before = (s.status, Artifact.objects.count(), s.updated_at)
    with pytest.raises(services.UploadRejected):
        services.artifact_add_file(
            actor=world.student,
            submission=s,
            upload=SimpleUploadedFile("lesson.pdf", b"MZ\x90\x00" + b"\x00" * 400),
        )
    settings.EVIDENCE_MAX_BYTES = 100
    with pytest.raises(services.UploadRejected):
        services.artifact_add_file(
            actor=world.student, submission=s, upload=SimpleUploadedFile("big.pdf", PDF * 10)
        )
    s.refresh_from_db()
    assert (s.status, Artifact.objects.count(), s.updated_at) == before


def test_svg_evidence_is_sanitized(world):
    s = start(world)
    svg = (
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'
        b"<script>alert(2)</script><rect width='4' height='4'/></svg>"
    )
    a = services.artifact_add_file(
        actor=world.student, submission=s, upload=SimpleUploadedFile("d.svg", svg)
    )
    stored = a.file.read()
    assert b"<script" not in stored
    assert b"onload" not in stored
    assert a.content_type == "image/svg+xml"


def test_file_is_stored_with_its_detected_type(world):
    s = start(world)
    a = services.artifact_add_file(
        actor=world.student, submission=s, upload=SimpleUploadedFile("plan.docx", PDF)
    )
    assert a.content_type == "application/pdf"
    assert a.file.name.endswith(".pdf")
    assert a.original_name == "plan.docx"


def test_only_the_earner_edits_and_only_drafts(world):
    s = start(world)
    with pytest.raises(PermissionDenied):
        services.artifact_add_link(actor=world.other_student, submission=s, url="https://x.org")
    with pytest.raises(services.EvidenceError, match="web address"):
        services.artifact_add_link(actor=world.student, submission=s, url="javascript:alert(1)")
    services.artifact_add_reflection(actor=world.student, submission=s, text="I learned.")
    services.submission_submit(actor=world.student, submission=s)
    with pytest.raises(services.EvidenceError, match="only while the submission is a draft"):
        services.artifact_add_link(actor=world.student, submission=s, url="https://x.org")


def test_cannot_submit_without_evidence_or_twice(world):
    s = start(world)
    with pytest.raises(services.EvidenceError, match="at least one"):
        services.submission_submit(actor=world.student, submission=s)
    services.artifact_add_link(actor=world.student, submission=s, url="https://x.org")
    services.submission_submit(actor=world.student, submission=s)
    with pytest.raises(InvalidTransition):
        services.submission_submit(actor=world.student, submission=s)


# Reviews ----------------------------------------------------------------------------------


def test_reviewing_a_draft_is_refused(world):
    s = start(world)
    with pytest.raises(services.EvidenceError, match="cannot be reviewed"):
        review(world, world.supervisor, s)
    assert Review.objects.count() == 0


def test_ineligible_reviewers_are_refused(world):
    s = submitted(world)
    other_district_teacher = MembershipFactory(organization=SchoolFactory(), role="teacher").user
    for outsider in (world.other_teacher, world.coach, other_district_teacher, UserFactory()):
        with pytest.raises(PermissionDenied):
            review(world, outsider, s)
    # Admins review only when the policy says so.
    with pytest.raises(PermissionDenied):
        review(world, world.admin, s)
    assert Review.objects.count() == 0


def test_nobody_reviews_their_own_or_what_they_submitted_for_someone(world):
    world.section.teachers.add(world.other_teacher)
    s = submitted(world, earner=world.student, actor=world.teacher)
    with pytest.raises(PermissionDenied):
        review(world, world.teacher, s)  # submitted it on the student's behalf
    with pytest.raises(PermissionDenied):
        review(world, world.student, s)  # the earner
    review(world, world.other_teacher, s)  # another of the student's teachers may


def test_an_approver_needs_a_verified_email(world):
    from allauth.account.models import EmailAddress

    EmailAddress.objects.filter(user=world.supervisor).update(verified=False)
    s = submitted(world)
    with pytest.raises(PermissionDenied):
        review(world, world.supervisor, s)


def test_scores_must_cover_the_rubric_and_meet_the_threshold_to_approve(world):
    s = submitted(world)
    with pytest.raises(services.EvidenceError, match="Score every criterion"):
        services.review_submit(actor=world.supervisor, submission=s, decision="approve", scores={})
    with pytest.raises(services.EvidenceError, match="at 3 or above"):
        review(world, world.supervisor, s, level=2)
    with pytest.raises(services.EvidenceError, match="1 to 4"):
        review(world, world.supervisor, s, level=5)
    with pytest.raises(services.EvidenceError, match="feedback"):
        review(world, world.supervisor, s, decision="changes", feedback="")
    s.refresh_from_db()
    assert s.status == S.SUBMITTED
    assert Review.objects.count() == 0


def test_two_role_policy_needs_supervisor_and_teacher(world, django_capture_on_commit_callbacks):
    s = submitted(world)
    review(world, world.mentor, s)  # eligible, but not a required role
    s.refresh_from_db()
    assert s.status == S.IN_REVIEW
    review(world, world.supervisor, s)
    s.refresh_from_db()
    assert s.status == S.IN_REVIEW  # the teacher has not approved yet
    assert s.assertion is None
    with django_capture_on_commit_callbacks(execute=True):
        review(world, world.teacher, s)
    s.refresh_from_db()
    assert s.status == S.APPROVED
    assertion = s.assertion
    assert assertion.recipient == world.student
    assert assertion.evidence[0]["url"].endswith(f"/evidence/e/{s.public_id}/")
    assert Notification.objects.filter(user=world.student, message__startswith="Approved").exists()
    with pytest.raises(services.EvidenceError, match="cannot be reviewed"):
        review(world, world.mentor, s)


def test_a_reviewer_reviews_a_version_once(world):
    s = submitted(world)
    review(world, world.supervisor, s)
    with pytest.raises(services.EvidenceError, match="already reviewed"):
        review(world, world.supervisor, s)


def test_decline_is_final(world):
    s = submitted(world)
    review(world, world.teacher, s, decision="decline", level=1, feedback="Not your work.")
    s.refresh_from_db()
    assert s.status == S.DECLINED
    assert s.decided_at is not None
    with pytest.raises(InvalidTransition):
        services.submission_revise(actor=world.student, submission=s)
    # A declined submission is closed, so a new one may start.
    assert start(world).version == 1


def test_resubmission_is_a_new_version_keeping_the_old_one_and_its_reviews(world):
    s = submitted(world)
    services.artifact_add_link  # noqa: B018 - evidence of v1 was added in submitted()
    first_review = review(world, world.supervisor, s, "changes", 2, "Show the root pass.")
    services.submission_revise(actor=world.student, submission=s)
    s.refresh_from_db()
    assert (s.status, s.version) == (S.DRAFT, 2)
    v1, v2 = s.versions.order_by("number")
    assert v1.artifacts.count() == v2.artifacts.count() == 1  # carried forward to edit
    services.artifact_add_reflection(actor=world.student, submission=s, text="Root pass fixed.")
    assert v1.artifacts.count() == 1  # the old version is untouched
    services.submission_submit(actor=world.student, submission=s)
    first_review.refresh_from_db()
    assert first_review.version == v1
    review(world, world.supervisor, s)  # may review the new version
    assert [t for _, t in history(s)] == [
        "draft",
        "submitted",
        "changes_requested",
        "draft",
        "submitted",
        "in_review",
    ]


def test_withdraw_from_draft_and_submitted_but_not_after_a_decision(world):
    s = start(world)
    services.submission_withdraw(actor=world.student, submission=s, reason="wrong badge")
    s = submitted(world)
    services.submission_withdraw(actor=world.student, submission=s)
    s = submitted(world)
    review(world, world.teacher, s, "decline", 1, "no")
    with pytest.raises(InvalidTransition):
        services.submission_withdraw(actor=world.student, submission=s)


# Moderation -------------------------------------------------------------------------------


def approve_fully(world, s, sampler=None):
    review(world, world.supervisor, s)
    return services.review_submit(
        actor=world.teacher,
        submission=s,
        decision="approve",
        scores=world.scores(3),
        sampler=sampler,
    )


def test_moderation_sample_is_deterministic_for_a_seed(world, settings):
    subs = []
    for _ in range(40):
        subs.append(Submission(public_id=__import__("uuid").uuid4()))
    settings.MODERATION_SEED = "seed-a"
    first = [services.moderation_sampled(s, Decimal("0.25")) for s in subs]
    assert first == [services.moderation_sampled(s, Decimal("0.25")) for s in subs]
    assert 0 < sum(first) < 40
    assert not any(services.moderation_sampled(s, Decimal(0)) for s in subs)
    assert all(services.moderation_sampled(s, Decimal(1)) for s in subs)
    settings.MODERATION_SEED = "seed-b"
    assert first != [services.moderation_sampled(s, Decimal("0.25")) for s in subs]


def test_sampled_approval_goes_to_an_independent_committee_and_admin_can_revoke(world):
    committee = ReviewerGroupFactory(organization=world.district, is_moderation_committee=True)
    member = UserFactory()
    committee.members.add(member, world.supervisor)
    s = submitted(world)
    approve_fully(world, s, sampler=lambda sub, rate: True)
    case = ModerationCase.objects.get(submission=s)
    with pytest.raises(PermissionDenied, match="took part"):
        services.moderation_decide(actor=world.supervisor, case=case, confirm=True)
    with pytest.raises(PermissionDenied):
        services.moderation_decide(actor=world.other_teacher, case=case, confirm=True)
    with pytest.raises(services.EvidenceError, match="why"):
        services.moderation_decide(actor=member, case=case, confirm=False)
    services.moderation_decide(actor=member, case=case, confirm=False, reason="Photos reused.")
    case.refresh_from_db()
    assert case.status == ModerationCase.Status.FLAGGED
    with pytest.raises(PermissionDenied):
        services.moderation_resolve(actor=member, case=case, revoke=True, reason="x")
    services.moderation_resolve(actor=world.admin, case=case, revoke=True, reason="Photos reused.")
    s.refresh_from_db()
    assert s.assertion.revoked_at is not None
    assert s.assertion.revocation_reason == "Photos reused."


def test_unsampled_approval_makes_no_case(world):
    ReviewerGroupFactory(organization=world.district, is_moderation_committee=True)
    s = submitted(world)
    approve_fully(world, s, sampler=lambda sub, rate: False)
    assert not ModerationCase.objects.exists()


# Concurrency ------------------------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_final_approvals_award_exactly_once(world):
    world.policy.required_kinds = []
    world.policy.approvals_needed = 1
    world.policy.save()
    s = submitted(world)
    barrier = threading.Barrier(2)
    outcomes: list[object] = []

    def approve(reviewer):
        try:
            barrier.wait(timeout=10)
            outcomes.append(review(world, reviewer, s))
        except Exception as exc:
            outcomes.append(exc)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=approve, args=(r,)) for r in (world.teacher, world.supervisor)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    s.refresh_from_db()
    assert s.status == S.APPROVED
    assert Assertion.objects.filter(recipient=world.student, badge_class=world.badge).count() == 1
    reviews = [o for o in outcomes if isinstance(o, Review)]
    errors = [o for o in outcomes if not isinstance(o, Review)]
    assert len(reviews) == 1
    assert len(errors) == 1
    assert "cannot be reviewed" in str(errors[0])


# Visibility (the one door) -------------------------------------------------------------------


def visible(user):
    from evidence.selectors import submissions_visible_to

    return set(submissions_visible_to(user=user).values_list("pk", flat=True))


def test_who_sees_a_students_submission(world):
    s = submitted(world)
    other = submitted(world, earner=world.other_student)
    assert s.pk in visible(world.student)
    assert s.pk not in visible(world.other_student)  # never another student's evidence
    assert other.pk not in visible(world.student)
    assert {s.pk, other.pk} <= visible(world.teacher)  # own section's students
    assert s.pk not in visible(world.other_teacher)  # not their section
    assert s.pk in visible(world.supervisor)
    assert s.pk in visible(world.mentor)
    assert other.pk not in visible(world.mentor)  # mentors see only what is routed to them
    assert other.pk not in visible(world.supervisor)
    assert s.pk in visible(world.admin)  # district admin of the issuer
    foreign_admin = MembershipFactory(organization=SchoolFactory().parent, role="admin").user
    assert visible(foreign_admin) == set()  # a reviewer from another district sees nothing
    assert visible(UserFactory()) == set()


def test_a_placement_that_ended_no_longer_routes(world):
    import datetime

    from django.utils import timezone

    s = submitted(world)
    world.student.placements.update(
        starts_on=timezone.localdate() - datetime.timedelta(days=60),
        ends_on=timezone.localdate() - datetime.timedelta(days=1),
    )
    assert s.pk not in visible(world.mentor)
    with pytest.raises(PermissionDenied):
        review(world, world.mentor, s)


def test_review_queue_is_oldest_first_and_drops_what_i_reviewed(world):
    from evidence.selectors import filtered_queue, review_queue

    a = submitted(world)
    b = submitted(world, earner=world.other_student)
    assert list(review_queue(user=world.teacher)) == [a, b]
    review(world, world.teacher, a, "changes", 2, "more")
    assert list(review_queue(user=world.teacher)) == [b]
    assert list(review_queue(user=world.supervisor)) == []  # b's student has no placement
    assert list(filtered_queue(user=world.teacher, data={"badge": "nope"}).submissions) == []
    in_section = filtered_queue(user=world.teacher, data={"section": str(world.section.public_id)})
    assert list(in_section.submissions) == [b]
    assert list(review_queue(user=world.student)) == []
