"""Evidence's access policies over the demo district: the three answers agree for every
person and object, and each routing rule has its allowed and denied case — the English
teacher does not see or review a student's welding evidence, the welding teacher does;
a coach reviews the teachers on their caseload only; the public evidence page is only
for approved evidence the earner made public."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.models import Membership
from badges.models import BadgeClass
from evidence import permissions as p
from evidence import selectors, services
from evidence.models import ApprovalPolicy, ModerationCase, Review, Rubric, Submission
from tests.accounts.factories import MembershipFactory, SchoolFactory
from tests.evidence.factories import ApprovalPolicyFactory
from tests.policies import check_policy, demo_people

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(demo_keys):
    return demo_people(demo_keys)


def submission_of(key: str, slug: str) -> Submission:
    return Submission.objects.get(earner__email=f"{key}@demo.cairn.test", badge_class__slug=slug)


@pytest.mark.parametrize(
    "action", ["view", "route", "review", "edit", "act_for_earner", "set_public"]
)
def test_submission_policy_is_consistent_over_the_demo(people, action):
    assert check_policy(p.submissions, action, people, list(Submission.objects.all()))


def test_review_policy_is_consistent_over_the_demo(people):
    assert check_policy(p.reviews, "view", people, list(Review.objects.all()))


def test_only_the_welding_teacher_sees_and_reviews_kaylas_welding_evidence(people, client):
    """Kayla (student2) sits in Welding Technology I and in English 10. The welding badges
    are linked to the welding section, so its teacher reviews her welding evidence; the
    English teacher (teacher2) neither sees nor reviews it."""
    welding = submission_of("student2", "thermal-cutting")
    check_policy(
        p.submissions,
        "view",
        people,
        [welding],
        expect=[
            ("student2", welding, True),
            ("teacher", welding, True),
            ("teacher2", welding, False),
            ("other_teacher", welding, False),
            ("coach", welding, False),
            ("employer_admin", welding, False),
        ],
    )
    assert p.reviewer_kinds(people["teacher"], welding) == ["section_teacher"]
    assert p.reviewer_kinds(people["teacher2"], welding) == []
    assert people["teacher2"] not in p.reviewers_of(welding)
    assert people["teacher"] in p.reviewers_of(welding)

    page = reverse("evidence:submission-detail", kwargs={"public_id": welding.public_id})
    client.force_login(people["teacher2"])
    assert client.get(page).status_code == 404
    client.force_login(people["teacher"])
    assert client.get(page).status_code == 200

    api = APIClient()
    api.force_authenticate(people["teacher2"])
    scores = {
        str(c.public_id): 4 for c in welding.badge_class.approval_policy.rubric.criteria.all()
    }
    got = api.post(
        f"/api/v1/submissions/{welding.public_id}/reviews/",
        {"decision": "approve", "scores": scores},
        format="json",
    )
    assert got.status_code == 404
    assert not Review.objects.filter(submission=welding, reviewer=people["teacher2"]).exists()


def test_a_coach_reviews_the_teachers_on_their_caseload_only(people):
    priyas = submission_of("teacher2", "data-driven-instruction")  # submitted
    check_policy(
        p.submissions,
        "review",
        people,
        [priyas],
        expect=[
            ("coach", priyas, True),  # Priya is on Elena's caseload
            ("coach2", priyas, False),  # a coach in the district, not Priya's
            ("teacher", priyas, False),
        ],
    )
    assert "coach" in p.reviewer_kinds(people["coach"], priyas)
    assert not selectors.submissions_visible_to(user=people["coach2"]).filter(pk=priyas.pk).exists()


def test_the_public_evidence_page_is_only_for_approved_public_evidence(people, client):
    def status(s: Submission) -> int:
        url = reverse("evidence:evidence-public", kwargs={"public_id": s.public_id})
        return client.get(url).status_code

    for s in Submission.objects.exclude(status=Submission.Status.APPROVED):
        assert status(s) == 404, s.status
    approved = submission_of("student2", "weld-print-reading")
    services.submission_set_evidence_public(
        actor=approved.earner, submission=approved, public=False
    )
    assert status(approved) == 404
    services.submission_set_evidence_public(actor=approved.earner, submission=approved, public=True)
    assert status(approved) == 200


def test_moderation_rubric_and_approval_policy_policies(people):
    cases = list(ModerationCase.objects.all())
    assert cases
    for action in ("decide", "resolve"):
        check_policy(p.moderation_cases, action, people, cases)
    check_policy(
        p.rubrics,
        "manage",
        people,
        list(Rubric.objects.all()),
        expect=[("district_admin", Rubric.objects.first(), True)],
    )
    policies = list(ApprovalPolicy.objects.all())
    check_policy(
        p.approval_policies,
        "manage",
        people,
        policies,
        expect=[("district_admin", policies[0], True), ("other_admin", policies[0], False)],
    )


def test_the_start_list_is_what_the_start_check_allows(people):
    badges = list(BadgeClass.objects.all())
    for action in ("start_own", "earn", "start_for_students"):
        check_policy(p.starts, action, people, badges)
    for key, user in people.items():
        listed = {b.pk for b in selectors.startable_badges(user=user)}
        for badge in BadgeClass.objects.filter(approval_policy__isnull=False):
            allowed, _ = p.can_start_for(user, user, badge.approval_policy)
            assert (badge.pk in listed) == allowed, (key, badge.slug)


def test_a_teacher_at_another_school_of_the_district_may_start_and_sees_the_badge(db):
    """The badge's issuer is one school; a teacher at a sister school of the same
    district may earn it, and the start list now says so too."""
    issuing = SchoolFactory()
    sister = SchoolFactory(parent=issuing.parent)
    policy = ApprovalPolicyFactory(
        badge_class__issuer__organization=issuing, badge_class__audience="educator"
    )
    teacher = MembershipFactory(organization=sister, role=Membership.Role.TEACHER).user
    assert p.can_start_for(teacher, teacher, policy) == (True, "")
    assert policy.badge_class in selectors.startable_badges(user=teacher)
    outsider = MembershipFactory(organization=SchoolFactory(), role=Membership.Role.TEACHER).user
    assert p.can_start_for(outsider, outsider, policy) == (
        False,
        "This badge is issued by another district.",
    )
    assert policy.badge_class not in selectors.startable_badges(user=outsider)


def test_reviewers_are_told_when_evidence_is_submitted(db):
    school = SchoolFactory()
    policy = ApprovalPolicyFactory(
        badge_class__issuer__organization=school.parent,
        badge_class__audience="educator",
        allow_section_teacher=False,
        allow_admin=True,
    )
    admin = MembershipFactory(organization=school.parent, role=Membership.Role.ADMIN).user
    teacher = MembershipFactory(organization=school, role=Membership.Role.TEACHER).user
    bystander = MembershipFactory(organization=school, role=Membership.Role.TEACHER).user
    s = services.submission_start(actor=teacher, earner=teacher, badge_class=policy.badge_class)
    services.artifact_add_link(actor=teacher, submission=s, url="https://example.org/plan")
    services.submission_submit(actor=teacher, submission=s)
    assert admin.notifications.filter(message__contains="is waiting for your review").count() == 1
    assert not bystander.notifications.exists()
    assert not teacher.notifications.exists()


def test_view_is_a_union_for_reviewers_and_earners_and_one_or_for_issuer_admins(people):
    """`view` answers as the UNION of indexed branches for someone who sees a few of the
    table's rows, and as one OR (read in a list's index order) for an issuer's admin,
    who may see most of it; the rows are the same either way (the consistency check)."""

    def sql(key: str) -> str:
        return str(p.submissions.queryset(people[key], "view").query).upper()

    for key in ("teacher", "student", "coach", "supervisor"):
        assert p.submissions.prefers_union(people[key], "view"), key
        assert "UNION" in sql(key), key
    for key in ("district_admin", "admin"):
        assert not p.submissions.prefers_union(people[key], "view"), key
        assert "UNION" not in sql(key), key
    # The queue is a UNION for everyone.
    assert p.submissions.prefers_union(people["district_admin"], "review")
