"""The console's approval-policy and rubric pages and their services: allowed and
denied, bad input changes nothing, lists in constant queries."""

import pytest
from django.urls import reverse

from accounts.models import Membership
from core.models import AuditEntry
from evidence import services
from evidence.models import ApprovalPolicy, Rubric, RubricCriterion
from tests.accounts.factories import DistrictFactory, MembershipFactory
from tests.badges.factories import BadgeClassFactory
from tests.evidence.factories import ApprovalPolicyFactory, RubricFactory

pytestmark = pytest.mark.django_db

POLICIES = reverse("evidence_console:approval-policy-list")
NEW_POLICY = reverse("evidence_console:approval-policy-create")
RUBRICS = reverse("evidence_console:rubric-list")
NEW_RUBRIC = reverse("evidence_console:rubric-create")


def criteria_post(rows, existing=()):
    data = {
        "criteria-TOTAL_FORMS": str(len(rows)),
        "criteria-INITIAL_FORMS": "0",
        "criteria-MIN_NUM_FORMS": "0",
        "criteria-MAX_NUM_FORMS": "12",
    }
    for i, row in enumerate(rows):
        name, levels = row[0], row[1:]
        data[f"criteria-{i}-name"] = name
        data[f"criteria-{i}-public_id"] = existing[i] if i < len(existing) else ""
        for n, text in enumerate(levels, start=1):
            data[f"criteria-{i}-level_{n}"] = text
    return data


FOUR = ("Beginning", "Developing", "Competent", "Exemplary")


@pytest.fixture
def district(world):
    """The evidence world's district, its admin, a second badge and another district."""
    other = DistrictFactory()
    return {
        "admin": world.admin,
        "district": world.district,
        "badge": BadgeClassFactory(issuer=world.badge.issuer, name="Blueprint Reading"),
        "rubric": world.rubric,
        "policy": world.policy,
        "stranger": MembershipFactory(organization=other, role=Membership.Role.ADMIN).user,
        "other_policy": ApprovalPolicyFactory(badge_class__issuer__organization=other),
    }


def policy_post(d, **over):
    data = {
        "badge_class": str(d["badge"].public_id),
        "rubric": str(d["rubric"].public_id),
        "threshold": "3",
        "allow_supervisor": "on",
        "allow_section_teacher": "on",
        "required_kinds": ["supervisor"],
        "approvals_needed": "1",
        "allow_self_submission": "on",
        "moderation_rate": "0.1",
    }
    data.update(over)
    return data


# Approval policies ------------------------------------------------------------------


def test_the_admin_lists_their_policies_only(client, district):
    client.force_login(district["admin"])
    page = client.get(POLICIES).content.decode()
    assert district["policy"].badge_class.name in page
    assert district["other_policy"].badge_class.name not in page


def test_someone_who_keeps_no_badges_gets_404(client, world):
    client.force_login(world.teacher)
    assert client.get(POLICIES).status_code == 404
    assert client.get(NEW_POLICY).status_code == 404
    assert client.get(RUBRICS).status_code == 404


def test_the_admin_makes_a_policy_for_a_badge_they_manage(client, district):
    client.force_login(district["admin"])
    form = client.get(NEW_POLICY).content.decode()
    assert district["badge"].name in form
    assert district["other_policy"].badge_class.name not in form
    response = client.post(NEW_POLICY, policy_post(district))
    assert response.status_code == 302
    policy = ApprovalPolicy.objects.get(badge_class=district["badge"])
    assert (policy.allow_supervisor, policy.required_kinds, policy.rubric) == (
        True,
        ["supervisor"],
        district["rubric"],
    )
    assert AuditEntry.objects.filter(action="approval_policy.create").count() == 1


@pytest.mark.parametrize(
    ("over", "message"),
    [
        ({"allow_supervisor": "", "allow_section_teacher": ""}, "at least one kind of reviewer"),
        ({"required_kinds": ["mentor"]}, "a kind of reviewer the policy allows"),
        ({"moderation_rate": "2"}, "less than or equal to 1"),
        ({"threshold": "7"}, "Select a valid choice"),
    ],
)
def test_bad_policy_input_changes_nothing(client, district, over, message):
    client.force_login(district["admin"])
    response = client.post(NEW_POLICY, policy_post(district, **over))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ApprovalPolicy.objects.filter(badge_class=district["badge"]).exists()
    assert not AuditEntry.objects.filter(action="approval_policy.create").exists()


def test_another_districts_rubric_or_badge_is_refused(client, district):
    client.force_login(district["admin"])
    foreign = district["other_policy"]
    response = client.post(NEW_POLICY, policy_post(district, rubric=str(foreign.rubric.public_id)))
    assert response.status_code == 400
    response = client.post(
        NEW_POLICY, policy_post(district, badge_class=str(foreign.badge_class.public_id))
    )
    assert response.status_code == 400
    assert ApprovalPolicy.objects.count() == 2


def test_the_admin_edits_a_policy_and_a_stranger_gets_404(client, district):
    policy = district["policy"]
    url = reverse(
        "evidence_console:approval-policy-edit", kwargs={"badge_slug": policy.badge_class.slug}
    )
    client.force_login(district["stranger"])
    assert client.get(url).status_code == 404
    assert client.post(url, policy_post(district)).status_code == 404
    client.force_login(district["admin"])
    assert client.get(url).status_code == 200
    data = policy_post(district, approvals_needed="3", required_kinds=["supervisor"])
    assert client.post(url, data).status_code == 302
    policy.refresh_from_db()
    assert (policy.approvals_needed, policy.required_kinds) == (3, ["supervisor"])
    assert AuditEntry.objects.filter(action="approval_policy.update").count() == 1


def test_the_service_rechecks_permission(district):
    from core.errors import Forbidden

    with pytest.raises(Forbidden):
        services.approval_policy_update(
            actor=district["stranger"],
            policy=district["policy"],
            settings=services.PolicySettings(rubric=district["rubric"], allow_admin=True),
        )


def test_the_policy_list_is_constant_in_queries(client, district, django_assert_max_num_queries):
    client.force_login(district["admin"])
    client.get(POLICIES)
    with django_assert_max_num_queries(12) as few:
        client.get(POLICIES)
    for _ in range(8):
        ApprovalPolicyFactory(badge_class__issuer=district["badge"].issuer)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(POLICIES).content.decode()
    assert "9 approval policies" in page


# Rubrics ----------------------------------------------------------------------------


def test_the_admin_makes_a_rubric_with_criteria(client, district):
    client.force_login(district["admin"])
    assert client.get(NEW_RUBRIC).status_code == 200
    data = {"name": "Weld quality", "organization": district["district"].slug}
    data.update(criteria_post([("Bead", *FOUR), ("Safety", *FOUR), ("", "", "", "", "")]))
    response = client.post(NEW_RUBRIC, data)
    assert response.status_code == 302, response.content.decode()
    rubric = Rubric.objects.get(name="Weld quality")
    assert list(rubric.criteria.values_list("name", "level_4")) == [
        ("Bead", "Exemplary"),
        ("Safety", "Exemplary"),
    ]
    assert AuditEntry.objects.filter(action="rubric.create").count() == 1


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([("", "", "", "", "")], "at least one criterion"),
        ([("Bead", "a", "b", "c", "")], "describe each level"),
        ([("Bead", *FOUR), ("bead", *FOUR)], "same name"),
        ([("", *FOUR)], "give it a name"),
    ],
)
def test_bad_rubric_input_changes_nothing(client, district, rows, message):
    client.force_login(district["admin"])
    data = {"name": "Broken", "organization": district["district"].slug}
    data.update(criteria_post(rows))
    response = client.post(NEW_RUBRIC, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Rubric.objects.filter(name="Broken").exists()


def test_a_rubric_for_another_district_is_refused(client, district):
    client.force_login(district["admin"])
    other = district["other_policy"].badge_class.issuer.organization
    data = {"name": "Foreign", "organization": other.slug}
    data.update(criteria_post([("Bead", *FOUR)]))
    assert client.post(NEW_RUBRIC, data).status_code == 400
    assert not Rubric.objects.filter(name="Foreign").exists()


def test_editing_rewords_and_a_scored_rubric_keeps_its_criteria(client, district, world):
    rubric = district["rubric"]
    ids = [str(c.public_id) for c in rubric.criteria.order_by("position")]
    url = reverse("evidence_console:rubric-edit", kwargs={"public_id": rubric.public_id})
    client.force_login(district["stranger"])
    assert client.get(url).status_code == 404
    client.force_login(district["admin"])
    assert client.get(url).status_code == 200
    rows = [("Renamed", *FOUR), ("Second", *FOUR)]
    data = {"name": "Renamed rubric", **criteria_post(rows, existing=ids)}
    assert client.post(url, data).status_code == 302
    assert list(rubric.criteria.values_list("name", flat=True)) == ["Renamed", "Second"]

    s = services.submission_start(
        actor=world.student, earner=world.student, badge_class=world.badge
    )
    services.artifact_add_link(actor=world.student, submission=s, url="https://example.org/w")
    s = services.submission_submit(actor=world.student, submission=s)
    services.review_submit(
        actor=world.supervisor, submission=s, decision="approve", scores=world.scores(3)
    )
    data = {"name": "Renamed rubric", **criteria_post(rows[:1], existing=ids)}
    response = client.post(url, data)
    assert response.status_code == 400
    assert "can be reworded but not added or removed" in response.content.decode()
    assert rubric.criteria.count() == 2


def test_the_rubric_list_is_constant_in_queries(client, district, django_assert_max_num_queries):
    client.force_login(district["admin"])
    client.get(RUBRICS)
    with django_assert_max_num_queries(12) as few:
        client.get(RUBRICS)
    for _ in range(8):
        RubricFactory(organization=district["district"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(RUBRICS).content.decode()
    assert "9 rubrics" in page
    assert RubricCriterion.objects.count() >= 16
