import io
import re
from decimal import Decimal
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from PIL import Image

from accounts.models import Membership, Placement, User
from badges.models import Assertion, BadgeClass
from competencies.models import Competency, Framework
from core.models import AuditEntry
from demo import documents, seed, submissions
from evidence.models import (
    ApprovalPolicy,
    Artifact,
    ModerationCase,
    Review,
    ReviewerGroup,
    Rubric,
    RubricCriterion,
    Submission,
)
from evidence.selectors import moderation_queue, review_queue

pytestmark = pytest.mark.django_db


def run_seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def row_counts() -> dict[str, int]:
    """Rows in every table, many-to-many tables included."""
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models(include_auto_created=True)
    }


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """The demo seeded once for the module's tests (each runs in a savepoint inside this
    transaction, so what one changes is undone before the next), rolled back after the
    last. Tests that need a database without the demo are in test_seed_from_an_empty_database.py."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield run_seed()
        transaction.set_rollback(True)


def test_seed_prints_the_sign_ins_and_links(seeded):
    assert seed.DEMO_PASSWORD in seeded
    for spec in seed.USERS:
        assert spec.email in seeded
    for path in ("/badges/mine/", "/verify/", "/admin/"):
        assert path in seeded


def test_second_run_creates_and_changes_nothing(seeded):
    before = row_counts()
    assertions = list(
        Assertion.objects.order_by("pk").values_list(
            "pk", "issued_on", "expires_at", "revoked_at", "superseded_at", "is_public"
        )
    )
    passwords = list(User.objects.order_by("pk").values_list("pk", "password"))

    out = run_seed()

    assert "nothing to do" in out
    assert row_counts() == before
    assert (
        list(
            Assertion.objects.order_by("pk").values_list(
                "pk", "issued_on", "expires_at", "revoked_at", "superseded_at", "is_public"
            )
        )
        == assertions
    )
    assert list(User.objects.order_by("pk").values_list("pk", "password")) == passwords


def test_every_role_has_a_user_who_can_sign_in(seeded, client):
    for role in Membership.Role.values:
        assert Membership.objects.filter(
            role=role, user__email__endswith=f"@{seed.EMAIL_DOMAIN}"
        ).exists(), role
    for user in User.objects.filter(email__endswith=f"@{seed.EMAIL_DOMAIN}"):
        assert EmailAddress.objects.filter(
            user=user, email=user.email, verified=True, primary=True
        ).exists()
    admin = User.objects.get(email=f"admin@{seed.EMAIL_DOMAIN}")
    assert admin.is_superuser
    assert admin.is_staff
    assert all(u.is_minor for u in User.objects.filter(memberships__role=Membership.Role.STUDENT))

    response = client.post(
        "/accounts/login/",
        {"login": f"student@{seed.EMAIL_DOMAIN}", "password": seed.DEMO_PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == "/"  # the student home (console.selectors.home)


def test_one_revoked_and_one_expired_assertion(seeded):
    revoked = Assertion.objects.filter(revoked_at__isnull=False)
    assert revoked.count() == 1
    assert revoked.get().revocation_reason

    expired = Assertion.objects.filter(expires_at__lt=timezone.now(), revoked_at__isnull=True)
    assert expired.count() == 1
    assert expired.get().status == "expired"
    assert expired.get().badge_class.valid_for_days


def test_student_assertions_are_private_by_default(seeded):
    student_badges = Assertion.objects.filter(recipient__is_minor=True)
    assert student_badges.exists()
    assert not student_badges.filter(is_public=True).exists()

    safety = Assertion.objects.get(
        badge_class__slug="welding-safety", recipient__email=f"student@{seed.EMAIL_DOMAIN}"
    )
    assert safety.badge_class.image_type == "png"
    assert any(item["url"].startswith("https://") for item in safety.evidence)


def test_teachers_hold_educator_badges(seeded):
    for key in ("teacher", "teacher2"):
        assert Assertion.objects.filter(
            recipient__email=f"{key}@{seed.EMAIL_DOMAIN}",
            badge_class__audience=BadgeClass.Audience.EDUCATOR,
            revoked_at__isnull=True,
        ).exists()


def test_badge_classes_are_complete(seeded):
    badges = BadgeClass.objects.filter(slug__in=[b["slug"] for b in seed.BADGES])
    assert badges.count() == len(seed.BADGES)
    assert not badges.exclude(status=BadgeClass.Status.ACTIVE).exists()
    assert {b.image_type for b in badges} == {"png", "svg"}
    assert {b.audience for b in badges} == set(BadgeClass.Audience.values)
    assert badges.filter(credit_institution__gt="", credit_hours__isnull=False).exists()
    assert badges.filter(cte_competency__isnull=False).exists()
    assert badges.filter(valid_for_days__isnull=False).exists()
    assert all(b.criteria_narrative and b.tags for b in badges)
    assert BadgeClass.alignments.through.objects.count() >= len(seed.BADGES)
    # Every badge class (the pathways' too) was created through the service, which audits it.
    assert (
        AuditEntry.objects.filter(action="badgeclass.create", actor_label="seed_demo").count()
        == badges.count() + BadgeClass.objects.filter(pathway__isnull=False).count()
    )


def test_educator_framework_is_nested(seeded):
    framework = Framework.objects.get(slug=seed.ET_SLUG)
    child = Competency.objects.get(framework=framework, code="ET.1.2")
    assert child.parent.code == "ET.1"


@pytest.mark.skipif(not seed.CASE_SAMPLE.is_file(), reason="no CASE sample in this checkout")
def test_cte_framework_is_imported_from_the_case_sample(seeded):
    framework = Framework.objects.get(slug=seed.CTE_SLUG)
    assert framework.case_identifier
    assert "imported CASE package" in seeded
    assert BadgeClass.objects.get(slug="welding-safety").cte_competency.framework == framework


# --- evidence: placements, rubrics, policies, submissions in every status -------------


def demo_user(key: str) -> User:
    return User.objects.get(email=f"{key}@{seed.EMAIL_DOMAIN}")


def test_submissions_exist_in_every_status(seeded):
    statuses = set(Submission.objects.values_list("status", flat=True))
    assert statuses == set(Submission.Status.values)
    # Made by the services: each start audited, each move recorded in the history.
    assert AuditEntry.objects.filter(action="submission.start").count() == (
        Submission.objects.count()
    )
    for submission in Submission.objects.all():
        history = list(submission.history.order_by("pk").values_list("from_status", "to_status"))
        assert history[0] == ("", Submission.Status.DRAFT)
        assert history[-1][1] == submission.status


def test_resubmission_keeps_version_one_and_its_review(seeded):
    # The demo people's story (the dashboard's PLC adds two more, approved: see
    # tests/demo/test_dashboard_seed.py).
    resubmitted = Submission.objects.get(version=2, earner__email__endswith=seed.EMAIL_DOMAIN)
    assert resubmitted.status == Submission.Status.SUBMITTED
    first = resubmitted.versions.get(number=1)
    assert first.reviews.get().decision == Review.Decision.CHANGES
    assert first.artifacts.exists()
    assert resubmitted.versions.get(number=2).artifacts.count() > first.artifacts.count()

    changes = Submission.objects.get(status=Submission.Status.CHANGES_REQUESTED)
    review = changes.reviews.get()
    assert review.version.number == 1
    assert review.feedback


def test_approvals_award_badges_through_the_workflow(seeded):
    approved = Submission.objects.filter(status=Submission.Status.APPROVED)
    assert approved.count() >= 2
    for submission in approved:
        assertion = submission.assertion
        assert assertion is not None
        assert assertion.recipient == submission.earner
        assert assertion.revoked_at is None
        award = AuditEntry.objects.get(action="assertion.award", target_id=assertion.public_id)
        assert award.actor_label.endswith("(evidence approval)")
    cte = approved.get(badge_class__slug="weld-print-reading")
    assert {r.acting_as for r in cte.reviews.all()} == {"supervisor", "section_teacher"}


def test_a_teacher_submitted_on_a_students_behalf(seeded):
    on_behalf = Submission.objects.get(submitted_by=demo_user("teacher"), earner__is_minor=True)
    assert on_behalf.earner == demo_user("student2")
    assert on_behalf.status == Submission.Status.SUBMITTED
    assert on_behalf not in review_queue(user=demo_user("teacher"))


def test_evidence_files_are_real_pdfs_and_pngs(seeded):
    files = Artifact.objects.filter(kind=Artifact.Kind.FILE)
    assert {a.content_type for a in files} == {"application/pdf", "image/png"}
    for artifact in files:
        with artifact.file.open("rb") as fh:
            data = fh.read()
        assert len(data) == artifact.size
        if artifact.content_type == "application/pdf":
            assert data.startswith(b"%PDF-1.4")
            assert data.rstrip().endswith(b"%%EOF")
        else:
            assert Image.open(io.BytesIO(data)).format == "PNG"
    assert Artifact.objects.filter(kind=Artifact.Kind.LINK).exists()
    assert Artifact.objects.filter(kind=Artifact.Kind.REFLECTION).exists()


def test_the_demo_pdf_cross_reference_table_is_right():
    data = documents.pdf_document(title="Log (week 1) \\ caf\u00e9", lines=["x" * 300, ""])
    start = int(re.search(rb"startxref\n(\d+)\n%%EOF", data).group(1))
    assert data[start:].startswith(b"xref\n0 7\n")
    offsets = re.findall(rb"(\d{10}) 00000 n \n", data)
    assert len(offsets) == 6
    for number, offset in enumerate(offsets, start=1):
        assert data[int(offset) :].startswith(f"{number} 0 obj".encode())
    assert b"(Log \\(week 1\\) \\\\ caf\xe9) Tj" in data


def test_students_are_placed_with_the_supervisor_and_mentor(seeded):
    today = timezone.localdate()
    for key in ("student", "student2"):
        placement = Placement.objects.get(student=demo_user(key))
        assert placement.organization.slug == seed.EMPLOYER
        assert placement.supervisor == demo_user("supervisor")
        assert placement.mentor == demo_user("mentor")
        assert placement.starts_on < today
        assert placement.ends_on is None or placement.ends_on > today


def test_rubrics_have_four_level_descriptors(seeded):
    assert Rubric.objects.count() == len(submissions.RUBRICS)
    for criterion in RubricCriterion.objects.all():
        assert all(text for _, text in criterion.descriptors())
        assert len({text for _, text in criterion.descriptors()}) == 4


def test_policies(seeded):
    cte = ApprovalPolicy.objects.get(badge_class__slug="smaw-fundamentals")
    assert cte.required_kinds == ["supervisor", "section_teacher"]
    assert cte.approvals_needed == 2
    assert cte.allow_supervisor
    assert cte.allow_section_teacher
    assert cte.allow_mentor
    assert cte.allow_teacher_on_behalf
    assert cte.moderation_rate == Decimal("0.25")

    industry = ApprovalPolicy.objects.get(badge_class__slug="work-ready-welding-intern")
    assert industry.allow_mentor
    assert industry.required_kinds == ["mentor"]

    for policy in ApprovalPolicy.objects.filter(badge_class__audience=BadgeClass.Audience.EDUCATOR):
        assert policy.allow_coach
        assert policy.allow_admin
        assert policy.approvals_needed == 1


@pytest.mark.parametrize("key", ["teacher", "supervisor", "mentor", "coach", "admin"])
def test_each_reviewer_has_something_in_their_queue(seeded, key):
    assert review_queue(user=demo_user(key)).exists()


def test_supervisor_and_teacher_queues_hold_both_students_cte_work(seeded):
    students = {demo_user("student"), demo_user("student2")}
    for key in ("supervisor", "teacher"):
        queue = review_queue(user=demo_user(key))
        assert {s.earner for s in queue} == students, key
        assert all(s.badge_class.approval_policy.allow_supervisor for s in queue)


def test_coach_reviews_a_teacher2_educator_submission(seeded):
    queue = review_queue(user=demo_user("coach"))
    assert queue.filter(
        earner=demo_user("teacher2"), badge_class__audience=BadgeClass.Audience.EDUCATOR
    ).exists()


def test_the_committee_has_a_pending_case_its_members_may_decide(seeded):
    committee = ReviewerGroup.objects.get(name=submissions.COMMITTEE_NAME)
    assert committee.is_moderation_committee
    case = ModerationCase.objects.get(committee=committee, status=ModerationCase.Status.PENDING)
    assert case.submission.status == Submission.Status.APPROVED
    reviewers = set(case.submission.reviews.values_list("reviewer_id", flat=True))
    for member in committee.members.all():
        assert member.pk not in reviewers
        assert list(moderation_queue(user=member)) == [case]


def test_the_browser_test_badge_is_fresh_for_the_student(seeded):
    student = demo_user(submissions.BROWSER_TEST_EARNER)
    badge = BadgeClass.objects.get(slug=submissions.BROWSER_TEST_BADGE)
    policy = badge.approval_policy
    assert badge.audience == BadgeClass.Audience.STUDENT
    assert set(policy.required_kinds) == {"supervisor", "section_teacher"}
    assert policy.allow_self_submission
    assert not Submission.objects.filter(earner=student, badge_class=badge).exists()
    assert not Assertion.objects.filter(recipient=student, badge_class=badge).exists()
    assert f"free to start: {badge.name}" in seeded


def test_seed_prints_what_each_role_finds(seeded):
    assert "What each demo person will find" in seeded
    assert "supervisor@demo.cairn.test:\n    - 2 submissions to review" in seeded
    assert "to moderate" in seeded


def test_second_run_creates_no_evidence(seeded):
    evidence_models = list(apps.get_app_config("evidence").get_models())
    before = {m._meta.label: m.objects.count() for m in evidence_models}
    for label in (
        "evidence.Submission",
        "evidence.SubmissionVersion",
        "evidence.Artifact",
        "evidence.Review",
        "evidence.StatusChange",
        "evidence.ModerationCase",
        "evidence.ApprovalPolicy",
        "evidence.Rubric",
        "evidence.RubricCriterion",
        "evidence.ReviewerGroup",
    ):
        assert before[label] > 0, label
    placements, audits = Placement.objects.count(), AuditEntry.objects.count()
    statuses = list(Submission.objects.order_by("pk").values_list("pk", "status", "version"))

    out = run_seed()

    assert "nothing to do" in out
    assert {m._meta.label: m.objects.count() for m in evidence_models} == before
    assert Placement.objects.count() == placements
    assert AuditEntry.objects.count() == audits
    assert list(Submission.objects.order_by("pk").values_list("pk", "status", "version")) == (
        statuses
    )
