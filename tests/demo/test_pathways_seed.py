from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command

from accounts.models import User
from badges.models import Assertion, BadgeClass, CreditAgreement, Endorsement
from demo.pathways_seed import CTE_PATHWAY, EDUCATOR_PATHWAY, pathway_progress, seed_pathways
from demo.submissions import BROWSER_TEST_BADGE
from pathways import trees as pathways
from pathways.models import Pathway

pytestmark = pytest.mark.django_db


def user(key: str) -> User:
    return User.objects.get(email=f"{key}@demo.cairn.test")


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models(include_auto_created=True)
    }


@pytest.fixture
def seeded() -> None:
    call_command("seed_demo", stdout=StringIO())


def test_second_run_makes_nothing(seeded):
    before = row_counts()
    lines: list[str] = []
    seed_pathways(out=lines.append)
    assert row_counts() == before
    assert lines[0] == "Pathways demo data is already in place."


def test_without_the_demo_district_it_is_skipped():
    lines: list[str] = []
    seed_pathways(out=lines.append)
    assert "skipped" in lines[0]
    assert not Pathway.objects.exists()


def test_pathways_are_active_with_agreement_and_endorsements(seeded):
    cte = Pathway.objects.get(slug=CTE_PATHWAY)
    educator = Pathway.objects.get(slug=EDUCATOR_PATHWAY)
    assert cte.status == educator.status == Pathway.Status.ACTIVE
    assert cte.issuer == cte.badge_class.issuer
    assert cte.issuer.organization.slug == "snake-river-sd"

    agreement = CreditAgreement.objects.get(badge_class=cte.badge_class)
    assert agreement.status == CreditAgreement.Status.ACTIVE
    assert agreement.institution.name == "Owyhee Technical College"
    assert agreement.course_code == "WELD 110"
    assert agreement.credits == 6
    assert agreement.signed_by_name

    by_employer = Endorsement.objects.get(badge_class=cte.badge_class)
    assert by_employer.endorser.name == "Treasure Valley Fabrication"
    assert by_employer.comment
    by_association = Endorsement.objects.get(endorser__kind="association")
    assert by_association.badge_class.slug == "gmaw-fillet-welds"


def test_student_is_one_short_of_the_cte_pathway_with_the_evidence_badge_left(seeded):
    student = user("student")
    cte = Pathway.objects.get(slug=CTE_PATHWAY)
    progress = pathway_progress(cte, student)
    assert not progress.met
    assert progress.needed - progress.done == 1
    # Earning the badge the evidence demo leaves free completes it.
    gmaw = BadgeClass.objects.get(slug=BROWSER_TEST_BADGE)
    held = {a.badge_class_id for a in Assertion.objects.filter(recipient=student)}
    assert pathways.evaluate(progress.node, held | {gmaw.pk}).met
    assert not Assertion.objects.filter(recipient=student, badge_class=cte.badge_class).exists()
    # The one the evidence workflow leaves free: neither held nor started.
    assert not Assertion.objects.filter(
        recipient=student, badge_class__slug=BROWSER_TEST_BADGE
    ).exists()
    assert not student.submissions.filter(badge_class__slug=BROWSER_TEST_BADGE).exists()


def test_a_teacher_is_part_way_through_the_educator_pathway(seeded):
    educator = Pathway.objects.get(slug=EDUCATOR_PATHWAY)
    progress = pathway_progress(educator, user("teacher2"))
    assert not progress.met
    assert 0 < progress.done < progress.needed
    # Completers were awarded the pathway badge when it was activated.
    assert Assertion.objects.filter(
        recipient=user("teacher"), badge_class=educator.badge_class, revoked_at__isnull=True
    ).exists()
