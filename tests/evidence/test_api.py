"""The evidence workflow over /api/v1/ with token auth: flow, refusals, permissions, queries."""

import uuid
from datetime import timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts.models import Membership
from badges.models import Assertion
from evidence import services
from evidence.models import Artifact, Submission
from tests.accounts.factories import (
    MembershipFactory,
    PlacementFactory,
    SchoolFactory,
    SectionFactory,
)
from tests.evidence.factories import ApprovalPolicyFactory, link

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00\x01\x00\x00\x00" + b"\x00" * 200


def api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        token, _ = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def url(name: str, submission=None, **kwargs) -> str:
    if submission is not None:
        kwargs["public_id"] = submission if isinstance(submission, str) else submission.public_id
    return reverse(f"api:{name}", kwargs=kwargs or None)


def submitted(earner, badge, *, actor=None, artifacts: int = 1) -> Submission:
    """A submission sent for review through the services (set-up, not under test)."""
    s = services.submission_start(actor=actor or earner, earner=earner, badge_class=badge)
    for i in range(artifacts):
        services.artifact_add_link(
            actor=actor or earner, submission=s, url=f"https://example.org/{i}"
        )
    return services.submission_submit(actor=actor or earner, submission=s)


def assert_only_public_ids(data) -> None:
    """Every `id` in a response is a UUID: database ids never leave the API."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "id":
                uuid.UUID(value)
            assert_only_public_ids(value)
    elif isinstance(data, list):
        for item in data:
            assert_only_public_ids(item)


# The whole flow ---------------------------------------------------------------------------


def test_the_whole_flow_with_tokens(world):
    got = api().post(
        url("auth-token"),
        {"username": world.student.email, "password": "correct-horse-battery"},
        format="json",
    )
    assert got.status_code == 200
    student = APIClient()
    student.credentials(HTTP_AUTHORIZATION=f"Token {got.json()['token']}")
    supervisor, teacher = api(world.supervisor), api(world.teacher)

    started = student.post(url("submission-list"), {"badge": world.badge.slug}, format="json")
    assert started.status_code == 201, started.content
    body = started.json()
    sid = body["id"]
    assert (body["status"], body["version"], body["on_behalf"]) == ("draft", 1, False)
    assert body["earner"] == {"id": str(world.student.public_id), "name": world.student.name}

    added = student.post(
        url("submission-artifacts", sid),
        {"kind": "file", "file": SimpleUploadedFile("weld.pdf", PDF), "title": "Weld test"},
        format="multipart",
    )
    assert added.status_code == 201, added.content
    assert added.json()["content_type"] == "application/pdf"
    assert added.json()["download_url"].startswith("http://testserver/evidence/a/")

    sent = student.post(url("submission-submit", sid))
    assert sent.status_code == 200
    assert sent.json()["status"] == "submitted"

    queue = supervisor.get(url("review-queue")).json()
    assert [item["id"] for item in queue["results"]] == [sid]
    changes = supervisor.post(
        url("submission-reviews", sid),
        {"decision": "changes", "scores": world.scores(2), "feedback": "Show the root pass."},
        format="json",
    )
    assert changes.status_code == 201, changes.content
    assert changes.json()["submission"]["status"] == "changes_requested"
    assert changes.json()["acting_as"] == "supervisor"

    revised = student.post(url("submission-revise", sid))
    assert revised.status_code == 200
    assert (revised.json()["status"], revised.json()["version"]) == ("draft", 2)
    assert len(revised.json()["artifacts"]) == 1  # carried over into the new version
    reflection = student.post(
        url("submission-artifacts", sid),
        {"kind": "reflection", "title": "Root pass", "text": "I ground and re-welded it."},
        format="json",
    )
    assert reflection.status_code == 201
    assert student.post(url("submission-submit", sid)).json()["status"] == "submitted"

    first = supervisor.post(
        url("submission-reviews", sid),
        {"decision": "approve", "scores": world.scores(3)},
        format="json",
    )
    assert first.status_code == 201, first.content
    assert first.json()["submission"]["status"] == "in_review"
    assert first.json()["submission"]["assertion"] is None
    progress = student.get(url("submission-detail", sid)).json()["approval"]
    assert progress["approvals"] == 1
    assert progress["missing_kinds"] == ["section_teacher"]
    assert progress["complete"] is False

    second = teacher.post(
        url("submission-reviews", sid),
        {"decision": "approve", "scores": world.scores(4), "feedback": "Clean bead."},
        format="json",
    )
    assert second.status_code == 201, second.content
    assert second.json()["submission"]["status"] == "approved"
    assertion = Assertion.objects.get(recipient=world.student, badge_class=world.badge)
    assert second.json()["submission"]["assertion"] == str(assertion.public_id)

    public = student.post(url("submission-evidence-public", sid), {"public": True}, format="json")
    assert public.status_code == 200
    assert public.json()["evidence_public"] is True

    detail = student.get(url("submission-detail", sid)).json()
    assert detail["status"] == "approved"
    assert detail["assertion"] == str(assertion.public_id)
    assert [a["kind"] for a in detail["artifacts"]] == ["file", "reflection"]
    assert [(r["version"], r["decision"], r["acting_as"]) for r in detail["reviews"]] == [
        (1, "changes", "supervisor"),
        (2, "approve", "supervisor"),
        (2, "approve", "section_teacher"),
    ]
    assert detail["reviews"][0]["reviewer"]["name"] == world.supervisor.name
    assert detail["reviews"][0]["scores"] == world.scores(2)
    assert [(h["from_status"], h["to_status"]) for h in detail["history"]] == [
        ("", "draft"),
        ("draft", "submitted"),
        ("submitted", "changes_requested"),
        ("changes_requested", "draft"),
        ("draft", "submitted"),
        ("submitted", "in_review"),
        ("in_review", "approved"),
    ]
    assert detail["history"][2]["reason"] == "Show the root pass."
    assert detail["history"][2]["actor"]["name"] == world.supervisor.name
    assert detail["approval"] == {
        "approvals": 2,
        "needed": 2,
        "required_kinds": ["supervisor", "section_teacher"],
        "missing_kinds": [],
        "threshold": 3,
        "complete": True,
    }
    criteria = [c["id"] for c in detail["rubric"]["criteria"]]
    assert criteria == [str(c.public_id) for c in world.rubric.criteria.all()]
    assert [lv["level"] for lv in detail["rubric"]["criteria"][0]["levels"]] == [1, 2, 3, 4]
    assert_only_public_ids(detail)


def test_token_refused_for_a_wrong_password(world):
    got = api().post(
        url("auth-token"), {"username": world.student.email, "password": "nope"}, format="json"
    )
    assert got.status_code == 400
    assert "token" not in got.json()


def test_teacher_starts_and_submits_on_a_students_behalf(world):
    teacher = api(world.teacher)
    started = teacher.post(
        url("submission-list"),
        {"badge": world.badge.slug, "earner": str(world.student.public_id)},
        format="json",
    )
    assert started.status_code == 201, started.content
    body = started.json()
    assert body["on_behalf"] is True
    assert body["earner"]["id"] == str(world.student.public_id)
    assert body["submitted_by"]["id"] == str(world.teacher.public_id)
    teacher.post(
        url("submission-artifacts", body["id"]),
        {"kind": "link", "url": "https://example.org/weld"},
        format="json",
    )
    assert teacher.post(url("submission-submit", body["id"])).json()["status"] == "submitted"
    # The student sees it among their own; only the earner decides on publicity.
    mine = api(world.student).get(url("submission-list"), {"mine": "1"}).json()
    assert [s["id"] for s in mine["results"]] == [body["id"]]
    refused = teacher.post(
        url("submission-evidence-public", body["id"]), {"public": True}, format="json"
    )
    assert refused.status_code == 403
    assert refused.json()["detail"] == "Only the earner decides whether their evidence is public."


def test_starting_for_someone_you_do_not_teach_is_forbidden(world):
    for actor in (world.student, world.other_teacher):
        got = api(actor).post(
            url("submission-list"),
            {"badge": world.badge.slug, "earner": str(world.other_student.public_id)},
            format="json",
        )
        assert got.status_code == 403
        assert got.json()["detail"].startswith(
            "You can submit only for students in your own sections"
        )
    assert not Submission.objects.exists()


def test_start_with_unknown_badge_or_a_second_open_submission_is_refused(world):
    student = api(world.student)
    unknown = student.post(url("submission-list"), {"badge": "no-such-badge"}, format="json")
    assert unknown.status_code == 400
    assert "badge" in unknown.json()
    assert (
        student.post(url("submission-list"), {"badge": world.badge.slug}, format="json").status_code
        == 201
    )
    again = student.post(url("submission-list"), {"badge": world.badge.slug}, format="json")
    assert again.status_code == 400
    assert "already an open submission" in again.json()["detail"]


def test_withdraw(world):
    s = submitted(world.student, world.badge)
    got = api(world.student).post(
        url("submission-withdraw", s), {"reason": "Wrong badge."}, format="json"
    )
    assert got.status_code == 200
    assert got.json()["status"] == "withdrawn"
    assert got.json()["history"][-1]["reason"] == "Wrong badge."
    assert len(api(world.supervisor).get(url("review-queue")).json()["results"]) == 0


# Refused moves ----------------------------------------------------------------------------


def test_submitting_twice_is_an_illegal_move(world):
    s = submitted(world.student, world.badge)
    got = api(world.student).post(url("submission-submit", s))
    assert got.status_code == 400
    assert got.json() == {
        "detail": "A submission that is submitted cannot become submitted.",
        "code": "invalid_transition",
    }


def test_submitting_without_evidence_is_refused(world):
    s = services.submission_start(
        actor=world.student, earner=world.student, badge_class=world.badge
    )
    got = api(world.student).post(url("submission-submit", s))
    assert got.status_code == 400
    assert got.json()["detail"] == "Add at least one piece of evidence before submitting."


def test_reviewing_a_draft_is_refused(world):
    s = services.submission_start(
        actor=world.student, earner=world.student, badge_class=world.badge
    )
    # The section teacher can see a student's draft, but cannot review it yet.
    got = api(world.teacher).post(
        url("submission-reviews", s),
        {"decision": "approve", "scores": world.scores(3)},
        format="json",
    )
    assert got.status_code == 400
    assert got.json()["detail"] == "This submission is draft; it cannot be reviewed now."
    # Routed reviewers (the supervisor) do not see drafts at all.
    hidden = api(world.supervisor).post(
        url("submission-reviews", s),
        {"decision": "approve", "scores": world.scores(3)},
        format="json",
    )
    assert hidden.status_code == 404
    assert not s.reviews.exists()


def test_reviewer_who_cannot_see_the_submission_gets_404(world):
    """The coach is not eligible under this policy, so the submission does not exist for them."""
    s = submitted(world.student, world.badge)
    got = api(world.coach).post(
        url("submission-reviews", s),
        {"decision": "approve", "scores": world.scores(3)},
        format="json",
    )
    assert got.status_code == 404
    assert not s.reviews.exists()


def test_reviewer_who_can_see_but_not_review_gets_403(world):
    """The section teacher sees the student's work, but this badge only takes supervisors."""
    policy = ApprovalPolicyFactory(
        badge_class__issuer__organization=world.district,
        allow_section_teacher=False,
        allow_supervisor=True,
    )
    link(policy.badge_class, world.section)
    s = submitted(world.student, policy.badge_class)
    teacher = api(world.teacher)
    assert teacher.get(url("submission-detail", s)).status_code == 200
    got = teacher.post(
        url("submission-reviews", s),
        {
            "decision": "approve",
            "scores": {str(c.public_id): 3 for c in policy.rubric.criteria.all()},
        },
        format="json",
    )
    assert got.status_code == 403
    assert got.json() == {
        "detail": "You are not a reviewer for this submission.",
        "code": "forbidden",
    }
    assert not s.reviews.exists()


def test_nobody_reviews_their_own_or_one_they_submitted_for_someone(world):
    own = submitted(world.student, world.badge)
    got = api(world.student).post(
        url("submission-reviews", own),
        {"decision": "approve", "scores": world.scores(4)},
        format="json",
    )
    assert got.status_code == 403
    assert got.json()["detail"] == "You are not a reviewer for this submission."
    for_someone = submitted(world.other_student, world.badge, actor=world.teacher)
    got = api(world.teacher).post(
        url("submission-reviews", for_someone),
        {"decision": "approve", "scores": world.scores(4)},
        format="json",
    )
    assert got.status_code == 403
    assert not own.reviews.exists()
    assert not for_someone.reviews.exists()


def test_review_input_is_checked(world):
    s = submitted(world.student, world.badge)
    supervisor = api(world.supervisor)
    bad = supervisor.post(
        url("submission-reviews", s), {"decision": "maybe", "scores": {}}, format="json"
    )
    assert bad.status_code == 400
    assert "decision" in bad.json()
    below = supervisor.post(
        url("submission-reviews", s),
        {"decision": "approve", "scores": world.scores(2)},
        format="json",
    )
    assert below.status_code == 400
    assert below.json()["detail"].startswith("An approval needs every criterion at 3 or above")
    assert not s.reviews.exists()


def test_an_executable_named_pdf_is_refused_and_nothing_is_added(world):
    s = services.submission_start(
        actor=world.student, earner=world.student, badge_class=world.badge
    )
    got = api(world.student).post(
        url("submission-artifacts", s),
        {"kind": "file", "file": SimpleUploadedFile("essay.pdf", ELF)},
        format="multipart",
    )
    assert got.status_code == 400
    assert "essay.pdf" in got.json()["detail"]
    assert "program" in got.json()["detail"]
    assert not Artifact.objects.filter(version__submission=s).exists()
    s.refresh_from_db()
    assert s.status == "draft"


def test_artifact_input_is_checked(world):
    s = services.submission_start(
        actor=world.student, earner=world.student, badge_class=world.badge
    )
    student = api(world.student)
    no_file = student.post(url("submission-artifacts", s), {"kind": "file"}, format="json")
    assert no_file.status_code == 400
    assert "file" in no_file.json()
    bad_link = student.post(
        url("submission-artifacts", s),
        {"kind": "link", "url": "javascript:alert(1)"},
        format="json",
    )
    assert bad_link.status_code == 400
    assert bad_link.json()["detail"].startswith("A link must be a web address")
    assert not Artifact.objects.exists()


def test_removing_evidence_only_from_a_draft(world):
    s = services.submission_start(
        actor=world.student, earner=world.student, badge_class=world.badge
    )
    student = api(world.student)
    first = student.post(
        url("submission-artifacts", s), {"kind": "link", "url": "https://a.example"}, format="json"
    ).json()
    second = student.post(
        url("submission-artifacts", s), {"kind": "link", "url": "https://b.example"}, format="json"
    ).json()
    remove = url("submission-artifact-remove", s, artifact_id=first["id"])
    assert api(world.other_student).delete(remove).status_code == 404
    assert api(world.supervisor).delete(remove).status_code == 404  # reviewers never see drafts
    assert api(world.teacher).delete(remove).status_code == 403  # sees it, may not edit
    assert student.delete(remove).status_code == 204
    assert student.delete(remove).status_code == 404
    missing = url("submission-artifact-remove", s, artifact_id=uuid.uuid4())
    assert student.delete(missing).status_code == 404
    student.post(url("submission-submit", s))
    got = student.delete(url("submission-artifact-remove", s, artifact_id=second["id"]))
    assert got.status_code == 400
    assert got.json()["detail"] == "Evidence can be changed only while the submission is a draft."
    assert Artifact.objects.filter(public_id=second["id"]).exists()


# Who sees what ----------------------------------------------------------------------------


def test_another_student_never_sees_my_evidence(world):
    s = submitted(world.student, world.badge)
    other = api(world.other_student)
    assert other.get(url("submission-detail", s)).status_code == 404
    assert len(other.get(url("submission-list")).json()["results"]) == 0
    assert other.post(url("submission-submit", s)).status_code == 404
    assert api(world.student).get(url("submission-detail", s)).status_code == 200


def test_a_reviewer_from_another_district_sees_nothing(world):
    s = submitted(world.student, world.badge)
    school = SchoolFactory()  # in a district of its own
    teacher = MembershipFactory(organization=school, role=Membership.Role.TEACHER).user
    admin = MembershipFactory(organization=school.parent, role=Membership.Role.ADMIN).user
    student = MembershipFactory(organization=school, role=Membership.Role.STUDENT).user
    section = SectionFactory(school=school)
    section.teachers.add(teacher)
    section.students.add(student)
    supervisor = PlacementFactory(student=student).supervisor
    for user in (teacher, admin, supervisor):
        client = api(user)
        assert client.get(url("submission-detail", s)).status_code == 404
        assert len(client.get(url("submission-list")).json()["results"]) == 0
        assert len(client.get(url("review-queue")).json()["results"]) == 0
        got = client.post(
            url("submission-reviews", s),
            {"decision": "approve", "scores": world.scores(3)},
            format="json",
        )
        assert got.status_code == 404
    # The admin of the badge's own district does see it.
    assert api(world.admin).get(url("submission-detail", s)).status_code == 200


def test_a_mentor_sees_only_what_is_routed_to_them(world):
    routed = submitted(world.student, world.badge)
    submitted(world.other_student, world.badge)  # not placed with the mentor
    not_for_mentors = ApprovalPolicyFactory(
        badge_class__issuer__organization=world.district, allow_mentor=False
    )
    submitted(world.student, not_for_mentors.badge_class)
    mentor = api(world.mentor)
    listed = mentor.get(url("submission-list")).json()
    assert [s["id"] for s in listed["results"]] == [str(routed.public_id)]
    queue = mentor.get(url("review-queue")).json()
    assert [s["id"] for s in queue["results"]] == [str(routed.public_id)]
    assert mentor.get(url("submission-detail", routed)).status_code == 200


def test_a_teacher_sees_their_own_sections_students_only(world):
    a = submitted(world.student, world.badge)
    b = submitted(world.other_student, world.badge)
    listed = api(world.teacher).get(url("submission-list")).json()
    assert {s["id"] for s in listed["results"]} == {str(a.public_id), str(b.public_id)}
    outsider = api(world.other_teacher)  # same school, no section with these students
    assert len(outsider.get(url("submission-list")).json()["results"]) == 0
    assert outsider.get(url("submission-detail", a)).status_code == 404


def test_list_filters(world):
    a = submitted(world.student, world.badge)
    draft = services.submission_start(
        actor=world.teacher, earner=world.other_student, badge_class=world.badge
    )
    teacher = api(world.teacher)
    mine = teacher.get(url("submission-list"), {"mine": "1"}).json()
    assert [s["id"] for s in mine["results"]] == [str(draft.public_id)]
    by_status = teacher.get(url("submission-list"), {"status": "submitted"}).json()
    assert [s["id"] for s in by_status["results"]] == [str(a.public_id)]
    assert teacher.get(url("submission-list"), {"status": "bogus"}).status_code == 400


def test_queue_filters_and_order(world):
    with time_machine.travel(timezone.now() - timedelta(days=10)):
        old = submitted(world.student, world.badge)
    new = submitted(world.other_student, world.badge)
    other_policy = ApprovalPolicyFactory(badge_class__issuer__organization=world.district)
    link(other_policy.badge_class, world.section)
    third = submitted(world.student, other_policy.badge_class)
    teacher = api(world.teacher)

    def ids(**params) -> list[str]:
        got = teacher.get(url("review-queue"), params)
        assert got.status_code == 200, got.content
        return [s["id"] for s in got.json()["results"]]

    assert ids() == [str(old.public_id), str(new.public_id), str(third.public_id)]
    assert ids(min_age_days=5) == [str(old.public_id)]
    assert ids(badge=world.badge.slug) == [str(old.public_id), str(new.public_id)]
    assert ids(section=str(world.section.public_id)) == ids()
    assert ids(section=str(uuid.uuid4())) == []
    assert ids(status="in_review") == []
    assert teacher.get(url("review-queue"), {"min_age_days": "-1"}).status_code == 400
    services.review_submit(
        actor=world.teacher, submission=old, decision="approve", scores=world.scores(3)
    )
    assert ids() == [str(new.public_id), str(third.public_id)]  # reviewed ones leave the queue
    supervisor_queue = api(world.supervisor).get(url("review-queue"), {"status": "in_review"})
    assert [s["id"] for s in supervisor_queue.json()["results"]] == [str(old.public_id)]
    assert supervisor_queue.json()["results"][0]["approvals"] == 1


def test_unauthenticated_is_refused(world):
    s = submitted(world.student, world.badge)
    anonymous = api()
    for response in (
        anonymous.get(url("submission-list")),
        anonymous.get(url("submission-detail", s)),
        anonymous.get(url("review-queue")),
        anonymous.post(url("submission-submit", s)),
        anonymous.post(url("submission-list"), {"badge": world.badge.slug}, format="json"),
    ):
        assert response.status_code in (401, 403)
    forged = APIClient()
    forged.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert forged.get(url("submission-list")).status_code in (401, 403)


# Queries do not grow with rows ------------------------------------------------------------


def queries_for(client: APIClient, path: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        got = client.get(path)
    assert got.status_code == 200, got.content
    return len(ctx.captured_queries)


def more_students_submitting(world, n: int) -> None:
    for _ in range(n):
        student = MembershipFactory(organization=world.school, role=Membership.Role.STUDENT).user
        world.section.students.add(student)
        submitted(student, world.badge, artifacts=2)


def test_list_queries_do_not_grow(world, django_assert_max_num_queries):
    submitted(world.student, world.badge)
    teacher = api(world.teacher)
    path = url("submission-list")
    small = queries_for(teacher, path)
    more_students_submitting(world, 8)
    with django_assert_max_num_queries(small):
        got = teacher.get(path)
    assert len(got.json()["results"]) == 9
    with django_assert_max_num_queries(small):
        assert teacher.get(path, {"mine": "1"}).status_code == 200


def test_queue_queries_do_not_grow(world, django_assert_max_num_queries):
    submitted(world.student, world.badge)
    teacher = api(world.teacher)
    path = url("review-queue")
    small = queries_for(teacher, path)
    more_students_submitting(world, 8)
    with django_assert_max_num_queries(small):
        got = teacher.get(path)
    assert len(got.json()["results"]) == 9


def test_detail_queries_do_not_grow(world, django_assert_max_num_queries):
    small_one = submitted(world.student, world.badge)
    student, teacher = api(world.student), api(world.teacher)
    small = {c: queries_for(c, url("submission-detail", small_one)) for c in (student, teacher)}

    # Many artifacts, versions, reviews and history rows on another badge's submission.
    policy = ApprovalPolicyFactory(
        badge_class__issuer__organization=world.district,
        allow_supervisor=True,
        required_kinds=["supervisor", "section_teacher"],
        approvals_needed=2,
    )
    link(policy.badge_class, world.section)
    scores = {str(c.public_id): 3 for c in policy.rubric.criteria.all()}
    big = submitted(world.student, policy.badge_class, artifacts=6)
    for _ in range(2):
        services.review_submit(
            actor=world.supervisor, submission=big, decision="changes", scores=scores, feedback="x"
        )
        services.submission_revise(actor=world.student, submission=big)
        services.artifact_add_reflection(actor=world.student, submission=big, text="More.")
        services.submission_submit(actor=world.student, submission=big)
    services.review_submit(
        actor=world.supervisor, submission=big, decision="approve", scores=scores
    )
    path = url("submission-detail", big)
    for client in (student, teacher):
        with django_assert_max_num_queries(small[client]):
            got = client.get(path)
        assert len(got.json()["artifacts"]) == 8
        assert len(got.json()["reviews"]) == 3
        assert len(got.json()["history"]) == 9


# Schema -----------------------------------------------------------------------------------


def test_schema_documents_the_evidence_api(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    paths = schema["paths"]
    for path in (
        "/api/v1/auth/token",
        "/api/v1/submissions/",
        "/api/v1/submissions/{public_id}/",
        "/api/v1/submissions/{public_id}/submit/",
        "/api/v1/submissions/{public_id}/revise/",
        "/api/v1/submissions/{public_id}/withdraw/",
        "/api/v1/submissions/{public_id}/evidence-public/",
        "/api/v1/submissions/{public_id}/artifacts/",
        "/api/v1/submissions/{public_id}/artifacts/{artifact_id}/",
        "/api/v1/submissions/{public_id}/reviews/",
        "/api/v1/queue/",
    ):
        assert path in paths, path
    upload = paths["/api/v1/submissions/{public_id}/artifacts/"]["post"]["requestBody"]
    assert "multipart/form-data" in upload["content"]
    assert set(paths["/api/v1/submissions/"]) >= {"get", "post"}
