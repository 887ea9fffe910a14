"""Choosing a badge's alignments by framework with a bounded search (a GET form, and
an htmx partial as one types), and linking it to sections, courses and subjects."""

from __future__ import annotations

import pytest
from django.urls import reverse

from badges.models import CurriculumLink
from badges.selectors.console import SEARCH_LIMIT
from core.models import AuditEntry
from tests.accounts.factories import SchoolFactory, SectionFactory
from tests.badges.factories import BadgeClassFactory
from tests.competencies.factories import CompetencyFactory, FrameworkFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def badge(issuer):
    return BadgeClassFactory(issuer=issuer, status="draft")


@pytest.fixture
def welding():
    framework = FrameworkFactory(title="Idaho CTE Welding")
    CompetencyFactory(framework=framework, code="W.1", statement="Applies shop safety rules.")
    CompetencyFactory(framework=framework, code="W.2", statement="Sets up oxy-fuel equipment.")
    CompetencyFactory(framework=framework, code="W.3", statement="Welds a T-joint safely.")
    return framework


def alignments_url(badge) -> str:
    return reverse("badges:console-badgeclass-alignments", kwargs={"public_id": badge.public_id})


def test_search_filters_the_frameworks_competencies(client, badge, district_admin, welding):
    CompetencyFactory(statement="Safety in another framework.")
    client.force_login(district_admin)
    response = client.get(alignments_url(badge), {"framework": welding.public_id, "q": "safe"})
    assert response.status_code == 200
    assert [c.code for c in response.context["offered"]] == ["W.1", "W.3"]
    assert "badges/console/badgeclass_alignments.html" in [t.name for t in response.templates]
    # Typing (htmx) gets only the results.
    partial = client.get(
        alignments_url(badge),
        {"framework": welding.public_id, "q": "oxy"},
        headers={"HX-Request": "true"},
    )
    assert [t.name for t in partial.templates] == ["badges/console/_competency_results.html"]
    assert "W.2" in partial.content.decode()
    assert "W.1" not in partial.content.decode()


def test_search_is_bounded(client, badge, district_admin):
    framework = FrameworkFactory()
    CompetencyFactory.create_batch(SEARCH_LIMIT + 5, framework=framework)
    client.force_login(district_admin)
    response = client.get(alignments_url(badge), {"framework": framework.public_id})
    assert len(response.context["offered"]) == SEARCH_LIMIT
    assert response.context["more"] is True
    assert "narrow the search" in response.content.decode()


def test_an_admin_adds_and_removes_alignments(client, badge, district_admin, welding):
    w1, w2, w3 = welding.competencies.order_by("code")
    badge.alignments.add(w3)
    client.force_login(district_admin)
    response = client.post(
        alignments_url(badge),
        {
            "framework": welding.public_id,
            "q": "",
            "add": [w1.public_id, w2.public_id],
            "remove": [w3.public_id],
        },
    )
    assert response.status_code == 302
    assert set(badge.alignments.all()) == {w1, w2}
    entry = AuditEntry.objects.get(action="badgeclass.update", target_id=str(badge.public_id))
    assert entry.data["alignments_removed"] == [str(w3.public_id)]


def test_only_what_the_search_showed_can_be_added(client, badge, district_admin, welding):
    elsewhere = CompetencyFactory()
    client.force_login(district_admin)
    response = client.post(
        alignments_url(badge), {"framework": welding.public_id, "add": [elsewhere.public_id]}
    )
    assert response.status_code == 400
    assert not badge.alignments.exists()


def test_nothing_ticked_is_a_clear_error(client, badge, district_admin, welding):
    client.force_login(district_admin)
    response = client.post(alignments_url(badge), {"framework": welding.public_id})
    assert response.status_code == 400
    assert "Tick at least one competency" in response.content.decode()


def test_alignments_answer_404_to_a_teacher(client, badge, teacher, welding):
    client.force_login(teacher)
    assert client.get(alignments_url(badge)).status_code == 404
    w1 = welding.competencies.first()
    assert (
        client.post(
            alignments_url(badge), {"framework": welding.public_id, "add": [w1.public_id]}
        ).status_code
        == 404
    )
    assert not badge.alignments.exists()


def test_the_edit_form_offers_the_alignments_as_cte_equivalents(
    client, badge, district_admin, welding
):
    w1 = welding.competencies.order_by("code").first()
    badge.alignments.add(w1)
    client.force_login(district_admin)
    url = reverse("badges:console-badgeclass-edit", kwargs={"public_id": badge.public_id})
    choices = dict(client.get(url).context["form"].fields["cte_competency"].choices)
    assert str(w1.public_id) in choices
    client.post(
        url,
        {
            "name": badge.name,
            "description": badge.description,
            "audience": badge.audience,
            "criteria_narrative": badge.criteria_narrative,
            "cte_competency": str(w1.public_id),
        },
    )
    badge.refresh_from_db()
    assert badge.cte_competency == w1
    assert badge.credit_summary.startswith("Equals CTE competency W.1")


def curriculum_url(badge) -> str:
    return reverse("badges:console-badgeclass-curriculum", kwargs={"public_id": badge.public_id})


def test_an_admin_links_sections_courses_and_subjects(client, badge, district_admin):
    school = SchoolFactory(parent=badge.issuer.organization)
    weld1 = SectionFactory(school=school, name="Welding I", course_code="CTE-WELD-1")
    SectionFactory(school=school, name="English 9")
    foreign = SectionFactory(name="Welding elsewhere")
    client.force_login(district_admin)
    page = client.get(curriculum_url(badge), {"q": "weld"})
    offered = page.context["form"].fields["sections"].objects
    assert list(offered) == [str(weld1.public_id)]  # not another district's section
    response = client.post(
        f"{curriculum_url(badge)}?q=weld",
        {"sections": [weld1.public_id], "course_codes": "CTE-WELD-2\n", "subjects": "Welding"},
    )
    assert response.status_code == 302
    links = {
        (x.kind, x.section_id, x.value) for x in CurriculumLink.objects.filter(badge_class=badge)
    }
    assert links == {
        ("section", weld1.pk, ""),
        ("course", None, "CTE-WELD-2"),
        ("subject", None, "Welding"),
    }
    refused = client.post(curriculum_url(badge), {"sections": [foreign.public_id]})
    assert refused.status_code == 400
    assert CurriculumLink.objects.filter(badge_class=badge).count() == 3


def test_curriculum_answers_404_to_another_districts_admin(client, badge, other_admin):
    client.force_login(other_admin)
    assert client.get(curriculum_url(badge)).status_code == 404
    assert client.post(curriculum_url(badge), {"subjects": "Welding"}).status_code == 404
    assert not CurriculumLink.objects.exists()
