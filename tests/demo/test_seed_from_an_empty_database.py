"""The demo seed where the database must not hold the demo already (the module
test_seed_demo.py seeds it once for all its tests)."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from accounts.models import User
from badges.models import BadgeClass
from competencies.models import Framework
from demo import seed, submissions
from evidence.models import Submission
from tests.demo.test_seed_demo import row_counts, run_seed

pytestmark = pytest.mark.django_db


def test_cte_framework_is_built_in_without_the_case_sample(monkeypatch, tmp_path):
    monkeypatch.setattr(seed, "CASE_SAMPLE", tmp_path / "missing.case.json")
    out = run_seed()
    assert "built in" in out
    framework = Framework.objects.get(slug=seed.CTE_SLUG)
    assert framework.case_identifier is None
    safety = BadgeClass.objects.get(slug="welding-safety")
    assert safety.cte_competency.code == "WLD.1"
    assert "WLD.1.1" in {c.code for c in safety.alignments.all()}

    before = row_counts()
    run_seed()
    assert row_counts() == before


def test_refuses_to_run_in_production(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="production"):
        call_command("seed_demo", stdout=StringIO())
    assert not User.objects.exists()


def test_evidence_is_added_to_a_district_seeded_before_it_existed(monkeypatch):
    import demo.coaching_seed
    import demo.courses_seed

    monkeypatch.setattr(submissions, "STORIES", [])
    # The courses demo opens a draft submission of its own; leave it out of this run.
    monkeypatch.setattr(demo.courses_seed, "seed_courses", lambda *, out: None)
    monkeypatch.setattr(demo.coaching_seed, "seed_coaching", lambda *, out: None)
    run_seed()
    assert not Submission.objects.exists()
    monkeypatch.undo()

    out = run_seed()

    assert "submissions" in out.splitlines()[0]
    assert set(Submission.objects.values_list("status", flat=True)) == set(Submission.Status.values)
