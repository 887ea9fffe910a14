"""Exemplars proposed by teachers from their approved evidence, written by authors,
published or declined."""

import pytest

from accounts.models import Membership
from courses.models import (
    Exemplar,
)
from evidence import services as evidence_services
from tests.accounts.factories import MembershipFactory
from tests.competencies.factories import CompetencyFactory
from tests.courses.factories import ExemplarArtifactFactory, ExemplarFactory
from tests.courses.views.support import (
    approved_submission,
    count_queries,
    exemplar_data,
    login,
    url,
)

pytestmark = pytest.mark.django_db


def test_a_teacher_proposes_an_exemplar_from_approved_evidence_with_consent(client, library):
    submission = approved_submission(library)
    propose = url("exemplar-propose", submission_id=submission.public_id)
    login(client, library.teacher)
    assert client.get(propose).status_code == 200

    response = client.post(propose, exemplar_data(consent=""))
    assert response.status_code == 400
    assert "needs your consent" in response.content.decode()
    assert not Exemplar.objects.exists()

    response = client.post(propose, exemplar_data())
    exemplar = Exemplar.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("exemplar-detail", slug=exemplar.slug)
    assert (exemplar.status, exemplar.proposed_by, exemplar.source_submission) == (
        "proposed",
        library.teacher,
        submission,
    )
    assert exemplar.consent_given_at is not None
    assert exemplar.organization == library.district
    assert exemplar.artifacts.count() == 1  # the evidence came along

    # The same title again gets its own address.
    submission.refresh_from_db()
    assert client.post(propose, exemplar_data()).status_code == 302
    assert Exemplar.objects.filter(slug__startswith=exemplar.slug).count() == 2


def test_only_my_own_approved_evidence_can_be_proposed(client, library):
    submission = approved_submission(library)
    someone = MembershipFactory(organization=library.school, role=Membership.Role.TEACHER).user
    propose = url("exemplar-propose", submission_id=submission.public_id)
    login(client, someone)
    assert client.get(propose).status_code == 404
    assert client.post(propose, exemplar_data()).status_code == 404
    # Not even the coach who approved it may propose the teacher's lesson.
    login(client, library.coach)
    assert client.post(propose, exemplar_data()).status_code == 404

    draft = evidence_services.submission_start(
        actor=someone, earner=someone, badge_class=library.policy.badge_class
    )
    mine = url("exemplar-propose", submission_id=draft.public_id)
    login(client, someone)
    page = client.get(mine)
    assert page.status_code == 200
    assert "Only approved evidence" in page.content.decode()
    assert client.post(mine, exemplar_data()).status_code == 400
    assert not Exemplar.objects.exists()


def test_a_coach_publishes_or_declines_proposed_exemplars(client, library):
    submission = approved_submission(library)
    login(client, library.teacher).post(
        url("exemplar-propose", submission_id=submission.public_id), exemplar_data()
    )
    login(client, library.teacher).post(
        url("exemplar-propose", submission_id=submission.public_id),
        exemplar_data(title="A second lesson"),
    )
    first, second = Exemplar.objects.order_by("pk")

    # Teachers review nothing.
    assert client.post(url("exemplar-publish", slug=first.slug)).status_code == 404
    assert (
        client.post(url("exemplar-decline", slug=first.slug), {"reason": "No"}).status_code == 404
    )

    login(client, library.coach)
    page = client.get(url("exemplar-review-list"))
    assert page.status_code == 200
    assert first.title in page.content.decode()
    assert second.title in page.content.decode()
    assert client.post(url("exemplar-publish", slug=first.slug)).status_code == 302
    first.refresh_from_db()
    assert (first.status, first.published_by) == ("published", library.coach)

    response = client.post(url("exemplar-decline", slug=second.slug), {"reason": ""})
    assert response.status_code == 400
    second.refresh_from_db()
    assert second.status == "proposed"
    response = client.post(
        url("exemplar-decline", slug=second.slug), {"reason": "Students' names are visible."}
    )
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.status == "declined"
    assert first.title not in client.get(url("exemplar-review-list")).content.decode()


def test_an_author_writes_an_exemplar_with_artifact_links(client, library):
    standard = CompetencyFactory()
    login(client, library.coach)
    assert client.get(url("exemplar-create")).status_code == 200
    data = exemplar_data(consent="", standards=[str(standard.public_id)])
    data.update(
        {
            "organization": str(library.district.public_id),
            "a0_kind": "video",
            "a0_title": "The discussion, annotated",
            "a0_url": "https://video.example.org/talk-moves",
            "a0_annotation": "04:10 revoicing",
            "a1_kind": "slides",
            "a1_title": "Slides",
            "a1_url": "https://docs.example.org/slides",
        }
    )
    response = client.post(url("exemplar-create"), data | {"a2_annotation": "no title, no link"})
    assert response.status_code == 400
    assert not Exemplar.objects.exists()
    response = client.post(url("exemplar-create"), data)
    assert response.status_code == 302
    exemplar = Exemplar.objects.get()
    assert (exemplar.status, exemplar.proposed_by) == ("proposed", library.coach)
    assert list(exemplar.standards.all()) == [standard]
    assert [(a.kind, a.url) for a in exemplar.artifacts.order_by("position")] == [
        ("video", "https://video.example.org/talk-moves"),
        ("slides", "https://docs.example.org/slides"),
    ]
    assert client.post(url("exemplar-publish", slug=exemplar.slug)).status_code == 302


def test_the_review_list_queries_do_not_grow(client, library, django_assert_max_num_queries):
    ExemplarArtifactFactory(exemplar=ExemplarFactory(organization=library.district))
    login(client, library.coach)
    small = count_queries(client, url("exemplar-review-list"))
    for _ in range(6):
        exemplar = ExemplarFactory(organization=library.district)
        exemplar.standards.set([CompetencyFactory()])
        ExemplarArtifactFactory(exemplar=exemplar)
    with django_assert_max_num_queries(small):
        response = client.get(url("exemplar-review-list"))
    assert len(response.context["rows"]) == 7
    assert all(r["can_publish"] and r["can_decline"] for r in response.context["rows"])


def test_another_districts_proposals_are_not_reviewed_here(client, library):
    theirs = ExemplarFactory()
    login(client, library.coach)
    assert theirs.title not in client.get(url("exemplar-review-list")).content.decode()
    assert client.post(url("exemplar-publish", slug=theirs.slug)).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == "proposed"
