"""The evidence pages: who may see what (404 otherwise), the forms, uploads, query counts."""

import datetime
import html
import re
import uuid

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership
from badges.models import Assertion
from core.models import Notification
from evidence import services
from evidence.models import (
    Artifact,
    ModerationCase,
    Review,
    ReviewerNote,
    Submission,
)
from tests.accounts.factories import (
    MembershipFactory,
    PlacementFactory,
    SchoolFactory,
    SectionFactory,
    UserFactory,
)
from tests.evidence.factories import ApprovalPolicyFactory, ReviewerGroupFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
FAKE_PDF = b"MZ\x90\x00" + bytes(256)
SVG_WITH_SCRIPT = (
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8" onload="alert(1)">'
    b'<script>alert(2)</script><rect width="8" height="8"/></svg>'
)


# Helpers --------------------------------------------------------------------------------


def detail(s: Submission) -> str:
    return reverse("evidence:submission-detail", kwargs={"public_id": s.public_id})


def action(name: str, s: Submission, **kwargs) -> str:
    return reverse(f"evidence:{name}", kwargs={"public_id": s.public_id, **kwargs})


def download(artifact: Artifact) -> str:
    return reverse("evidence:artifact-download", kwargs={"artifact_id": artifact.public_id})


def text(response) -> str:
    return html.unescape(response.content.decode())


def unread_in_menu(page: str) -> int | None:
    """The unread count the menu shows beside Notifications (None: no count)."""
    found = re.search(r'Notifications <span class="nav-count">(\d+)<', page)
    return int(found.group(1)) if found else None


def draft(world, earner=None, actor=None, badge=None) -> Submission:
    earner = earner or world.student
    return services.submission_start(
        actor=actor or earner, earner=earner, badge_class=badge or world.badge
    )


def submitted(world, earner=None, files: int = 1, badge=None) -> Submission:
    s = draft(world, earner=earner, badge=badge)
    for i in range(files):
        services.artifact_add_file(
            actor=s.earner, submission=s, upload=SimpleUploadedFile(f"weld-{i}.pdf", PDF)
        )
    services.submission_submit(actor=s.earner, submission=s)
    s.refresh_from_db()
    return s


def review_data(world, level: int, decision: str, feedback: str = "") -> dict:
    data = {f"score-{cid}": level for cid in world.scores()}
    data.update(decision=decision, feedback=feedback)
    return data


def placed_student(world):
    """Another student of the section, placed with the same supervisor and mentor."""
    student = MembershipFactory(
        organization=world.school, role=Membership.Role.STUDENT, user__is_minor=True
    ).user
    world.section.students.add(student)
    PlacementFactory(
        student=student,
        organization=world.employer,
        supervisor=world.supervisor,
        mentor=world.mentor,
    )
    return student


def elsewhere():
    """A second district with a teacher, an admin, a supervisor and a mentor of its own."""
    school = SchoolFactory()
    teacher = MembershipFactory(organization=school, role=Membership.Role.TEACHER).user
    admin = MembershipFactory(organization=school.parent, role=Membership.Role.ADMIN).user
    student = MembershipFactory(organization=school, role=Membership.Role.STUDENT).user
    section = SectionFactory(school=school)
    section.teachers.add(teacher)
    section.students.add(student)
    placement = PlacementFactory(student=student)
    return {
        "teacher": teacher,
        "admin": admin,
        "supervisor": placement.supervisor,
        "mentor": placement.mentor,
    }


# Sign-in ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["submission-list", "review-queue", "moderation-queue", "notification-list"]
)
def test_pages_need_sign_in(client, name):
    response = client.get(reverse(f"evidence:{name}"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_submission_page_needs_sign_in(client, world):
    assert client.get(detail(draft(world))).status_code == 302


# My evidence and starting -------------------------------------------------------------


def test_my_evidence_lists_my_submissions_and_the_badges_i_can_start(client, world):
    educator_badge = ApprovalPolicyFactory(
        badge_class__issuer__organization=world.district, badge_class__audience="educator"
    ).badge_class
    other_district_badge = ApprovalPolicyFactory().badge_class  # student badge, elsewhere
    s = draft(world)
    client.force_login(world.student)

    page = text(client.get(reverse("evidence:submission-list")))

    assert detail(s) in page
    assert "Draft" in page
    assert world.badge.name in page
    assert educator_badge.name not in page  # students see student badges
    assert other_district_badge.name not in page  # and only their district's
    assert "Continue" in page  # the badge with an open draft


def test_a_teacher_sees_educator_badges_and_can_submit_for_own_students(client, world):
    educator_badge = ApprovalPolicyFactory(
        badge_class__issuer__organization=world.district, badge_class__audience="educator"
    ).badge_class
    outsider = UserFactory(name="Zed Outsider")
    client.force_login(world.teacher)

    page = text(client.get(reverse("evidence:submission-list")))

    assert educator_badge.name in page
    assert reverse("evidence:submission-start", kwargs={"badge_slug": educator_badge.slug}) in page
    assert "Submit for a student" in page
    assert world.student.name in page
    assert outsider.name not in page
    assert f"Start “{world.badge.name}”" in page


def test_other_teacher_without_sections_gets_no_on_behalf_form(client, world):
    client.force_login(world.other_teacher)
    assert "Submit for a student" not in text(client.get(reverse("evidence:submission-list")))


def test_start_shows_the_rubric_then_creates_a_draft(client, world):
    client.force_login(world.student)
    url = reverse("evidence:submission-start", kwargs={"badge_slug": world.badge.slug})

    page = text(client.get(url))
    assert world.badge.criteria_narrative in page
    for criterion in world.rubric.criteria.all():
        assert criterion.name in page
    assert "3 — Competent" in page

    response = client.post(url)
    s = Submission.objects.get(earner=world.student)
    assert response.status_code == 302
    assert response["Location"] == detail(s)
    assert (s.status, s.submitted_by) == ("draft", world.student)

    again = client.post(url)
    assert again.status_code == 400
    assert "There is already an open submission" in text(again)
    assert Submission.objects.filter(earner=world.student).count() == 1


def test_start_unknown_or_policyless_badge_is_404(client, world):
    from tests.badges.factories import BadgeClassFactory

    client.force_login(world.student)
    plain = BadgeClassFactory(audience="student")
    assert client.get(reverse("evidence:submission-start", args=["nope"])).status_code == 404
    assert client.post(reverse("evidence:submission-start", args=[plain.slug])).status_code == 404


def test_start_refused_when_earners_may_not_submit_for_themselves(client, world):
    world.policy.allow_self_submission = False
    world.policy.save()
    client.force_login(world.student)
    url = reverse("evidence:submission-start", kwargs={"badge_slug": world.badge.slug})

    assert "may not submit their own evidence" in text(client.get(url))
    assert client.post(url).status_code == 404
    assert not Submission.objects.exists()


def test_teacher_starts_for_own_student_only(client, world):
    url = reverse("evidence:submission-start", kwargs={"badge_slug": world.badge.slug})
    client.force_login(world.teacher)

    response = client.post(url, {"for": str(world.student.public_id)})

    s = Submission.objects.get()
    assert response["Location"] == detail(s)
    assert (s.earner, s.submitted_by, s.on_behalf) == (world.student, world.teacher, True)
    client.force_login(world.other_teacher)
    assert client.post(url, {"for": str(world.other_student.public_id)}).status_code == 404
    assert client.post(url, {"for": "not-a-uuid"}).status_code == 404
    assert Submission.objects.count() == 1


def test_the_on_behalf_form_without_a_student_starts_nothing(client, world):
    client.force_login(world.teacher)
    url = reverse("evidence:submission-start", kwargs={"badge_slug": world.badge.slug})
    response = client.post(url, {"on_behalf": "1", "for": ""})
    assert response.status_code == 400
    assert "Choose the student you are submitting for." in text(response)
    assert not Submission.objects.exists()


def test_changes_requested_shows_the_feedback_on_top_and_other_reviews_below(client, world):
    s = submitted(world)
    services.review_submit(
        actor=world.supervisor, submission=s, decision="approve", scores=world.scores(3)
    )
    services.review_submit(
        actor=world.teacher,
        submission=s,
        decision="changes",
        scores=world.scores(2),
        feedback="Label the photos.",
    )
    client.force_login(world.student)
    page = text(client.get(detail(s)))
    assert page.index("Label the photos.") < page.index("Other reviews of this version")
    assert page.index("Other reviews of this version") < page.index("(as supervisor)")


# Who sees a submission ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("student", 200),  # the earner
        ("teacher", 200),  # a teacher of the earner's section
        ("supervisor", 200),  # routed: the placement supervisor
        ("mentor", 200),  # routed: the placement mentor
        ("admin", 200),  # a district admin of the issuer
        ("other_student", 404),  # another student never sees it
        ("other_teacher", 404),  # a teacher who does not teach the earner
        ("coach", 404),  # the policy does not route to coaches; not the earner's teacher
    ],
)
def test_submission_page_visibility(client, world, who, status):
    s = submitted(world)
    client.force_login(getattr(world, who))
    assert client.get(detail(s)).status_code == status


def test_reviewers_from_another_district_get_404(client, world):
    s = submitted(world)
    artifact = Artifact.objects.get(version__submission=s)
    for user in elsewhere().values():
        client.force_login(user)
        assert client.get(detail(s)).status_code == 404
        assert client.get(download(artifact)).status_code == 404
        assert (
            client.post(action("review-create", s), review_data(world, 4, "approve")).status_code
            == 404
        )
    assert not Review.objects.exists()


def test_a_mentor_sees_only_submissions_routed_to_them(client, world):
    not_routed = ApprovalPolicyFactory(
        badge_class__issuer__organization=world.district, allow_mentor=False
    ).badge_class
    routed = submitted(world)
    other_badge = submitted(world, badge=not_routed)
    unplaced = submitted(world, earner=world.other_student)
    client.force_login(world.mentor)

    assert client.get(detail(routed)).status_code == 200
    assert client.get(detail(other_badge)).status_code == 404
    assert client.get(detail(unplaced)).status_code == 404
    queue = text(client.get(reverse("evidence:review-queue")))
    assert detail(routed) in queue
    assert detail(other_badge) not in queue
    assert detail(unplaced) not in queue


def test_a_student_never_sees_another_students_evidence(client, world):
    s = submitted(world)
    artifact = Artifact.objects.get(version__submission=s)
    client.force_login(world.other_student)

    assert client.get(detail(s)).status_code == 404
    assert client.get(download(artifact)).status_code == 404
    assert (
        client.post(action("artifact-add-link", s), {"url": "https://x.example"}).status_code == 404
    )
    assert client.post(action("submission-withdraw", s)).status_code == 404


def test_a_teacher_sees_only_their_own_sections_students(client, world):
    mine = submitted(world)
    outsider = MembershipFactory(organization=world.school, role=Membership.Role.STUDENT).user
    theirs = submitted(world, earner=outsider)
    client.force_login(world.teacher)

    assert client.get(detail(mine)).status_code == 200
    assert client.get(detail(theirs)).status_code == 404


# Editing a draft ------------------------------------------------------------------------


def test_earner_builds_a_draft_and_submits(client, world):
    s = draft(world)
    client.force_login(world.student)

    r1 = client.post(
        action("artifact-add-file", s),
        {"file": SimpleUploadedFile("plan.pdf", PDF), "title": "Weld plan"},
    )
    r2 = client.post(action("artifact-add-link", s), {"url": "https://example.org/video"})
    r3 = client.post(action("artifact-add-reflection", s), {"text": "I learned to tack first."})

    assert [r.status_code for r in (r1, r2, r3)] == [302, 302, 302]
    page = text(client.get(detail(s)))
    assert "Weld plan" in page
    assert "https://example.org/video" in page
    assert "I learned to tack first." in page
    assert "Submit for review" in page
    assert client.post(action("submission-submit", s)).status_code == 302
    s.refresh_from_db()
    assert s.status == "submitted"
    page = text(client.get(detail(s)))
    assert "Submit for review" not in page
    assert "Add a file" not in page


def test_submitting_an_empty_draft_is_refused_with_the_message(client, world):
    s = draft(world)
    client.force_login(world.student)
    response = client.post(action("submission-submit", s))
    assert response.status_code == 400
    assert "Add at least one piece of evidence before submitting." in text(response)
    s.refresh_from_db()
    assert s.status == "draft"


def test_evidence_cannot_change_after_submitting(client, world):
    s = submitted(world)
    client.force_login(world.student)
    response = client.post(action("artifact-add-link", s), {"url": "https://example.org/late"})
    assert response.status_code == 400
    assert "only while the submission is a draft" in text(response)
    assert Artifact.objects.filter(version__submission=s).count() == 1


def test_a_link_must_be_a_web_address(client, world):
    s = draft(world)
    client.force_login(world.student)
    response = client.post(action("artifact-add-link", s), {"url": "javascript:alert(1)"})
    assert response.status_code == 400
    assert "must be a web address" in text(response)
    assert not Artifact.objects.exists()


def test_remove_an_artifact_from_a_draft(client, world):
    s = draft(world)
    a = services.artifact_add_link(actor=world.student, submission=s, url="https://example.org")
    client.force_login(world.other_student)
    assert client.post(action("artifact-remove", s, artifact_id=a.public_id)).status_code == 404
    client.force_login(world.student)
    assert client.post(action("artifact-remove", s, artifact_id=uuid.uuid4())).status_code == 404
    assert client.post(action("artifact-remove", s, artifact_id=a.public_id)).status_code == 302
    assert not Artifact.objects.exists()


def test_only_the_earner_sets_evidence_public(client, world):
    s = draft(world)
    client.force_login(world.teacher)
    assert "Show my evidence publicly" not in text(client.get(detail(s)))
    assert client.post(action("submission-set-public", s), {"public": "on"}).status_code == 404
    client.force_login(world.student)
    assert client.post(action("submission-set-public", s), {"public": "on"}).status_code == 302
    s.refresh_from_db()
    assert s.evidence_public is True
    client.post(action("submission-set-public", s), {})
    s.refresh_from_db()
    assert s.evidence_public is False


def test_withdraw(client, world):
    s = submitted(world)
    client.force_login(world.student)
    assert (
        client.post(action("submission-withdraw", s), {"reason": "Wrong badge"}).status_code == 302
    )
    s.refresh_from_db()
    assert s.status == "withdrawn"
    assert "Wrong badge" in text(client.get(detail(s)))


# Uploads ----------------------------------------------------------------------------------


def _upload(client, world, name: str, data: bytes):
    s = draft(world)
    services.artifact_add_link(actor=world.student, submission=s, url="https://example.org")
    client.force_login(world.student)
    response = client.post(action("artifact-add-file", s), {"file": SimpleUploadedFile(name, data)})
    s.refresh_from_db()
    return s, response


def test_an_executable_named_pdf_is_refused_and_nothing_changes(client, world):
    s, response = _upload(client, world, "lesson.pdf", FAKE_PDF)
    assert response.status_code == 400
    assert "“lesson.pdf” is not a PDF, image, office document or video" in text(response)
    assert "Windows program" in text(response)
    assert Artifact.objects.filter(version__submission=s).count() == 1
    assert s.status == "draft"


def test_an_oversize_file_is_refused_and_nothing_changes(client, world, settings):
    settings.EVIDENCE_MAX_BYTES = 64
    s, response = _upload(client, world, "big.pdf", PDF + b"%" * 200)
    assert response.status_code == 400
    assert "big.pdf" in text(response)
    assert "files other than videos may be at most 64 bytes" in text(response)
    assert Artifact.objects.filter(version__submission=s).count() == 1
    assert s.status == "draft"


def test_an_svg_with_script_is_stored_sanitized(client, world):
    s, response = _upload(client, world, "drawing.svg", SVG_WITH_SCRIPT)
    assert response.status_code == 302
    artifact = Artifact.objects.get(version__submission=s, kind="file")
    with artifact.file.open("rb") as fh:
        stored = fh.read()
    assert b"<rect" in stored
    for unsafe in (b"script", b"alert", b"onload"):
        assert unsafe not in stored
    assert artifact.content_type == "image/svg+xml"


def test_a_file_is_required(client, world):
    s = draft(world)
    client.force_login(world.student)
    response = client.post(action("artifact-add-file", s), {})
    assert response.status_code == 400
    assert "This field is required." in text(response)


# Downloads and the public evidence page ---------------------------------------------------


def test_download_headers_for_someone_who_may_see_it(client, world):
    s = submitted(world)
    artifact = Artifact.objects.get(version__submission=s)
    client.force_login(world.supervisor)

    response = client.get(download(artifact))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "weld-0.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'"


def approve_all(world, s: Submission) -> Submission:
    for reviewer in (world.supervisor, world.teacher):
        services.review_submit(
            actor=reviewer, submission=s, decision="approve", scores=world.scores(3)
        )
    s.refresh_from_db()
    return s


def test_download_is_public_only_once_approved_and_the_earner_chose(client, world):
    s = submitted(world)
    artifact = Artifact.objects.get(version__submission=s)
    assert client.get(download(artifact)).status_code == 404  # signed out, private
    s = approve_all(world, s)
    assert s.status == "approved"
    assert client.get(download(artifact)).status_code == 404  # approved, still private
    services.submission_set_evidence_public(actor=world.student, submission=s, public=True)
    assert client.get(download(artifact)).status_code == 200
    client.force_login(world.other_student)
    assert client.get(download(artifact)).status_code == 200  # public now, for anyone


def test_an_earlier_versions_file_is_not_made_public(client, world):
    s = submitted(world)
    services.review_submit(
        actor=world.supervisor,
        submission=s,
        decision="changes",
        scores=world.scores(2),
        feedback="Again",
    )
    old = Artifact.objects.get(version__submission=s)
    services.submission_revise(actor=world.student, submission=s)
    new = Artifact.objects.get(version__submission=s, version__number=2)
    services.artifact_remove(actor=world.student, artifact=new)
    services.artifact_add_link(actor=world.student, submission=s, url="https://example.org/v2")
    services.submission_submit(actor=world.student, submission=s)
    approve_all(world, s)
    services.submission_set_evidence_public(actor=world.student, submission=s, public=True)
    assert client.get(download(old)).status_code == 404


def test_public_evidence_page(client, world):
    s = submitted(world)
    url = reverse("evidence:evidence-public", kwargs={"public_id": s.public_id})

    # Submitted (not approved), then approved but private: not there for the public.
    assert client.get(url).status_code == 404
    approve_all(world, s)
    assert client.get(url).status_code == 404
    services.submission_set_evidence_public(actor=world.student, submission=s, public=True)
    response = client.get(url)
    page = text(response)
    assert response.status_code == 200
    assert world.badge.name in page
    assert "weld-0.pdf" in page
    assert download(Artifact.objects.get(version__submission=s)) in page
    assert world.student.email not in page
    assert (
        client.get(
            reverse("evidence:evidence-public", kwargs={"public_id": uuid.uuid4()})
        ).status_code
        == 404
    )


def test_the_awarded_assertion_links_the_public_evidence_page(world):
    s = approve_all(world, submitted(world))
    assertion = Assertion.objects.get(pk=s.assertion_id)
    assert str(s.public_id) in str(assertion.evidence)


# Reviewing --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "form"),
    [
        ("supervisor", True),
        ("teacher", True),
        ("mentor", True),
        ("student", False),  # the earner never reviews
        ("admin", False),  # sees it, but the policy does not let admins review
    ],
)
def test_the_review_form_appears_only_for_eligible_reviewers(client, world, who, form):
    s = submitted(world)
    client.force_login(getattr(world, who))
    page = text(client.get(detail(s)))
    assert ("Your review" in page) is form
    assert ('name="decision" value="approve"' in page) is form


def test_no_review_form_without_a_verified_email(client, world):
    from allauth.account.models import EmailAddress

    s = submitted(world)
    EmailAddress.objects.filter(user=world.supervisor).update(verified=False)
    client.force_login(world.supervisor)
    assert 'name="decision"' not in text(client.get(detail(s)))
    assert (
        client.post(action("review-create", s), review_data(world, 3, "approve")).status_code == 404
    )
    assert not Review.objects.exists()


def test_routed_reviewers_do_not_see_drafts(client, world):
    s = draft(world)
    services.artifact_add_link(actor=world.student, submission=s, url="https://example.org")
    client.force_login(world.supervisor)
    assert client.get(detail(s)).status_code == 404
    assert (
        client.post(action("review-create", s), review_data(world, 3, "approve")).status_code == 404
    )
    client.force_login(world.teacher)  # the section teacher sees it, without a review form
    page = text(client.get(detail(s)))
    assert 'name="decision"' not in page
    response = client.post(action("review-create", s), review_data(world, 3, "approve"))
    assert response.status_code == 400
    assert "it cannot be reviewed now" in text(response)
    assert not Review.objects.exists()


def test_self_review_is_refused(client, world):
    s = submitted(world)
    client.force_login(world.student)
    response = client.post(action("review-create", s), review_data(world, 4, "approve"))
    assert response.status_code == 404
    assert not Review.objects.exists()


def test_the_teacher_who_submitted_for_a_student_cannot_review_it(client, world):
    s = draft(world, actor=world.teacher)
    services.artifact_add_link(actor=world.teacher, submission=s, url="https://example.org")
    services.submission_submit(actor=world.teacher, submission=s)
    client.force_login(world.teacher)
    page = text(client.get(detail(s)))
    assert "Your review" not in page
    assert "submitted on their behalf by" in page
    response = client.post(action("review-create", s), review_data(world, 4, "approve"))
    assert response.status_code == 404
    assert not Review.objects.exists()


def test_bad_reviews_rerender_with_the_message_and_change_nothing(client, world):
    s = submitted(world)
    client.force_login(world.supervisor)

    low = client.post(action("review-create", s), review_data(world, 2, "approve"))
    assert low.status_code == 400
    assert "An approval needs every criterion at 3 or above" in text(low)
    assert 'value="2" checked' in low.content.decode()  # the choices are kept

    silent = client.post(action("review-create", s), review_data(world, 2, "changes"))
    assert silent.status_code == 400
    assert "Write feedback" in text(silent)

    partial = review_data(world, 3, "approve")
    partial.pop(next(k for k in partial if k.startswith("score-")))
    missing = client.post(action("review-create", s), partial)
    assert missing.status_code == 400
    assert "Score every criterion" in text(missing)

    bogus = client.post(action("review-create", s), review_data(world, 3, "maybe"))
    assert bogus.status_code == 400

    assert not Review.objects.exists()
    s.refresh_from_db()
    assert s.status == "submitted"


def test_the_whole_flow_through_the_pages(client, world, django_capture_on_commit_callbacks):
    s = submitted(world)

    client.force_login(world.supervisor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            action("review-create", s),
            review_data(world, 2, "changes", "Show the root pass, please."),
        )
    assert response.status_code == 302

    client.force_login(world.student)
    assert unread_in_menu(text(client.get(reverse("evidence:submission-list")))) == 1
    note = Notification.objects.get(user=world.student)
    assert client.post(reverse("evidence:notification-read", kwargs={"public_id": note.public_id}))[
        "Location"
    ] == detail(s)
    page = text(client.get(detail(s)))
    assert "Changes requested" in page
    assert "Show the root pass, please." in page
    assert "2 — Developing" in page
    assert "Revise and resubmit" in page
    assert client.post(action("submission-revise", s)).status_code == 302
    client.post(action("artifact-add-link", s), {"url": "https://example.org/root-pass"})
    client.post(action("submission-submit", s))

    client.force_login(world.supervisor)
    client.post(action("review-create", s), review_data(world, 3, "approve"))
    page = text(client.get(detail(s)))
    assert "1 of 2 approvals; still needed: teacher" in page
    assert "You have reviewed this version" in page
    assert 'name="decision"' not in page

    client.force_login(world.teacher)
    page = text(client.get(detail(s)))
    assert "Earlier versions" in page
    assert "Version 1" in page
    response = client.post(action("review-create", s), review_data(world, 4, "approve", "Great"))
    assert response.status_code == 302
    s.refresh_from_db()
    assert s.status == "approved"

    client.force_login(world.student)
    page = text(client.get(detail(s)))
    assert "The badge was awarded" in page
    assert "Open the badge" in page
    for step in ("Draft → Submitted", "Submitted → Changes requested", "In review → Approved"):
        assert step in page
    assert "(as supervisor)" in page
    assert "(as teacher)" in page
    assert "4 — Exemplary" in page


# Reviewer notes -------------------------------------------------------------------------


def test_reviewer_notes_are_for_reviewers(client, world):
    s = submitted(world)
    client.force_login(world.supervisor)
    response = client.post(
        action("reviewer-note-create", s), {"text": "Observed on site.", "source": "Visit"}
    )
    assert response.status_code == 302
    client.force_login(world.teacher)
    assert "Observed on site." in text(client.get(detail(s)))
    client.force_login(world.student)
    assert "Observed on site." not in text(client.get(detail(s)))
    assert client.post(action("reviewer-note-create", s), {"text": "Me too"}).status_code == 404
    client.force_login(world.admin)  # sees the submission, is not a reviewer of it
    assert client.post(action("reviewer-note-create", s), {"text": "Hi"}).status_code == 404
    assert ReviewerNote.objects.count() == 1


# The review queue -------------------------------------------------------------------------


def test_queue_is_oldest_first_with_filters(client, world):
    second = placed_student(world)
    other_badge = ApprovalPolicyFactory(
        badge_class__issuer__organization=world.district,
        allow_supervisor=True,
        required_kinds=["supervisor"],
    ).badge_class
    with time_machine.travel(timezone.now() - datetime.timedelta(days=10)):
        old = submitted(world)
    new = submitted(world, earner=second, badge=other_badge)
    client.force_login(world.supervisor)
    queue = reverse("evidence:review-queue")

    page = text(client.get(queue))
    assert page.index(detail(old)) < page.index(detail(new))
    assert "10 days ago" in page

    by_badge = text(client.get(queue, {"badge": other_badge.slug}))
    assert detail(new) in by_badge
    assert detail(old) not in by_badge

    by_age = text(client.get(queue, {"min_age_days": 5}))
    assert detail(old) in by_age
    assert detail(new) not in by_age

    by_status = text(client.get(queue, {"status": "in_review"}))
    assert "Nothing matches these filters." in by_status


def test_queue_section_filter_for_teachers(client, world):
    s = submitted(world)
    other = SectionFactory(school=world.school)
    other.teachers.add(world.teacher)
    client.force_login(world.teacher)
    queue = reverse("evidence:review-queue")
    assert detail(s) in text(client.get(queue, {"section": str(world.section.public_id)}))
    assert detail(s) not in text(client.get(queue, {"section": str(other.public_id)}))


def test_queue_shows_approvals_so_far_and_drops_what_i_reviewed(client, world):
    s = submitted(world)
    services.review_submit(
        actor=world.supervisor, submission=s, decision="approve", scores=world.scores(3)
    )
    client.force_login(world.teacher)
    page = client.get(reverse("evidence:review-queue")).content.decode()
    assert detail(s) in page
    assert 'data-label="Approvals so far">1</td>' in page
    client.force_login(world.supervisor)
    assert detail(s) not in text(client.get(reverse("evidence:review-queue")))


def test_nav_shows_the_queue_to_reviewers_only(client, world):
    """The menu asks the routing policy: the queue shows once something is routed to
    the person (they are told of each submission as it comes)."""
    client.force_login(world.supervisor)
    page = client.get(reverse("evidence:notification-list")).content.decode()
    assert 'href="/evidence/queue/"' not in page
    submitted(world)
    assert (
        'href="/evidence/queue/"'
        in client.get(reverse("evidence:notification-list")).content.decode()
    )
    client.force_login(world.student)
    page = client.get(reverse("evidence:notification-list")).content.decode()
    assert 'href="/evidence/queue/"' not in page
    assert 'href="/evidence/"' in page


# Query counts -----------------------------------------------------------------------------


def test_review_queue_queries_do_not_grow_with_submissions(
    client, world, django_assert_max_num_queries
):
    submitted(world)
    client.force_login(world.supervisor)
    url = reverse("evidence:review-queue")
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    for _ in range(6):
        submitted(world, earner=placed_student(world))
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url).content.decode()
    assert page.count("/evidence/s/") == 7


def _busy_submission(world, earner) -> Submission:
    """Two versions, several artifacts of each kind, reviews on both, notes."""
    s = submitted(world, earner=earner, files=3)
    services.review_submit(
        actor=world.mentor,
        submission=s,
        decision="changes",
        scores=world.scores(2),
        feedback="More",
    )
    services.submission_revise(actor=earner, submission=s)
    for i in range(3):
        services.artifact_add_link(actor=earner, submission=s, url=f"https://example.org/{i}")
        services.artifact_add_reflection(actor=earner, submission=s, text=f"Reflection {i}")
    services.submission_submit(actor=earner, submission=s)
    services.review_submit(
        actor=world.supervisor, submission=s, decision="approve", scores=world.scores(3)
    )
    for i in range(3):
        services.reviewer_note_add(actor=world.supervisor, submission=s, text=f"Note {i}")
    return s


def test_submission_page_queries_do_not_grow(client, world, django_assert_max_num_queries):
    small = submitted(world)  # one of everything: artifact, version, review, note
    services.review_submit(
        actor=world.supervisor, submission=small, decision="approve", scores=world.scores(3)
    )
    services.reviewer_note_add(actor=world.supervisor, submission=small, text="Note")
    big = _busy_submission(world, placed_student(world))
    client.force_login(world.teacher)
    with django_assert_max_num_queries(30) as few:
        small_page = client.get(detail(small)).content.decode()
    with django_assert_max_num_queries(len(few.captured_queries)):
        big_page = text(client.get(detail(big)))
    assert "Your review" in small_page
    assert "Your review" in big_page
    assert "Reflection 2" in big_page
    assert "https://example.org/2" in big_page
    assert "Note 2" in big_page
    assert "Earlier versions" in big_page


def test_my_evidence_queries_do_not_grow(client, world, django_assert_max_num_queries):
    draft(world)
    client.force_login(world.student)
    url = reverse("evidence:submission-list")
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    for _ in range(5):
        badge = ApprovalPolicyFactory(badge_class__issuer__organization=world.district)
        draft(world, badge=badge.badge_class)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


# Moderation -------------------------------------------------------------------------------


@pytest.fixture
def moderated(world):
    """An approval sampled for the district's committee (member: a teacher elsewhere)."""
    committee = ReviewerGroupFactory(organization=world.district, is_moderation_committee=True)
    member = MembershipFactory(organization=world.school, role=Membership.Role.TEACHER).user
    committee.members.add(member)
    world.policy.moderation_rate = 1
    world.policy.save()
    s = approve_all(world, submitted(world))
    case = ModerationCase.objects.get(submission=s)
    return case, member


def test_committee_member_confirms(client, world, moderated):
    case, member = moderated
    client.force_login(member)
    page = text(client.get(reverse("evidence:moderation-queue")))
    assert world.badge.name in page
    assert client.get(detail(case.submission)).status_code == 200
    url = reverse("evidence:moderation-decide", kwargs={"public_id": case.public_id})
    assert client.post(url, {"decision": "confirm"}).status_code == 302
    case.refresh_from_db()
    assert (case.status, case.decided_by) == ("confirmed", member)


def test_flagging_needs_a_reason_and_outsiders_get_404(client, world, moderated):
    case, member = moderated
    url = reverse("evidence:moderation-decide", kwargs={"public_id": case.public_id})
    client.force_login(world.supervisor)  # took part; not on the committee
    assert client.post(url, {"decision": "confirm"}).status_code == 404
    client.force_login(member)
    response = client.post(url, {"decision": "flag", "reason": ""})
    assert response.status_code == 400
    assert "Say why you are flagging this approval." in text(response)
    case.refresh_from_db()
    assert case.status == "pending"
    assert client.post(url, {"decision": "flag", "reason": "Thin evidence"}).status_code == 302
    case.refresh_from_db()
    assert case.status == "flagged"


def test_admin_resolves_a_flagged_approval_by_revoking(client, world, moderated):
    case, member = moderated
    services.moderation_decide(actor=member, case=case, confirm=False, reason="Thin evidence")
    url = reverse("evidence:moderation-resolve", kwargs={"public_id": case.public_id})
    client.force_login(member)
    assert client.post(url, {"decision": "revoke", "reason": "x"}).status_code == 404
    client.force_login(elsewhere()["admin"])
    assert client.post(url, {"decision": "revoke", "reason": "x"}).status_code == 404
    client.force_login(world.admin)
    page = text(client.get(reverse("evidence:moderation-queue")))
    assert "Thin evidence" in page
    assert client.post(url, {"decision": "revoke", "reason": ""}).status_code == 400
    assert client.post(url, {"decision": "revoke", "reason": "Not enough"}).status_code == 302
    case.refresh_from_db()
    assert case.status == "resolved"
    assert Assertion.objects.get(pk=case.submission.assertion_id).revoked_at is not None


# Notifications ----------------------------------------------------------------------------


def test_notifications_are_mine_only(client, world):
    mine = Notification.objects.create(user=world.student, message="Hello", link="/evidence/")
    theirs = Notification.objects.create(user=world.other_student, message="Secret", link="/")
    evil = Notification.objects.create(
        user=world.student, message="Away", link="https://evil.example/"
    )
    client.force_login(world.student)
    page = text(client.get(reverse("evidence:notification-list")))
    assert "Hello" in page
    assert "Secret" not in page
    assert unread_in_menu(page) == 2
    read = reverse("evidence:notification-read", kwargs={"public_id": theirs.public_id})
    assert client.post(read).status_code == 404
    read = reverse("evidence:notification-read", kwargs={"public_id": mine.public_id})
    assert client.post(read)["Location"] == "/evidence/"
    mine.refresh_from_db()
    assert mine.read_at is not None
    read = reverse("evidence:notification-read", kwargs={"public_id": evil.public_id})
    assert client.post(read)["Location"] == reverse("evidence:notification-list")
