"""Pathways' access policies over the demo district."""

import pytest

from pathways import permissions as p
from pathways.models import Pathway, PathwayAlert
from tests.policies import check_policy, seed_demo_district

pytestmark = pytest.mark.django_db


def test_pathway_policy(client):
    people = seed_demo_district()
    pathways = list(Pathway.objects.all())
    cte = Pathway.objects.get(slug="cte-welding-program-completer")
    for action in ("manage", "view"):
        check_policy(p.pathways, action, people, pathways)
    check_policy(
        p.pathways,
        "manage",
        people,
        pathways,
        expect=[
            ("admin", cte, True),
            ("district_admin", cte, True),
            ("employer_admin", cte, False),
            ("other_admin", cte, False),
            ("teacher", cte, False),
        ],
    )
    # The builder opens for those the policy lets build, and only for them.
    for key, user in people.items():
        client.force_login(user)
        status = client.get("/pathways/manage/").status_code
        assert status == (200 if p.can_build_pathways(user) else 404), key


def test_alert_policy():
    people = seed_demo_district()
    alerts = list(PathwayAlert.objects.all())
    if alerts:
        check_policy(p.alerts, "resolve", people, alerts)
