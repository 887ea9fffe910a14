"""Every coaching API list: queries that do not grow with rows; the schema."""

import datetime
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Membership
from coaching import services
from coaching.models import CoachingSession
from tests.accounts.factories import MembershipFactory
from tests.badges.factories import BadgeClassFactory
from tests.coaching.support import (
    api,
    log,
    published_module,
    today,
)
from tests.coaching.support import api_url as url
from tests.competencies.factories import CompetencyFactory

pytestmark = pytest.mark.django_db


def _queries(client, address) -> int:
    with CaptureQueriesContext(connection) as ctx:
        got = client.get(address)
    assert got.status_code == 200
    return len(ctx.captured_queries)


def test_list_queries_do_not_grow_with_rows(caseload, django_assert_max_num_queries):
    c = caseload
    focus = [CompetencyFactory(), CompetencyFactory()]
    module = published_module(c.coach, c.district)
    badge = BadgeClassFactory(issuer__organization=c.district)
    log(c, focus=focus[:1])
    services.goal_create(actor=c.coach, teacher=c.teacher, statement="One", modules=[module])
    services.recommendation_create(actor=c.coach, teacher=c.teacher, module=module)
    coach, teacher = api(c.coach), api(c.teacher)
    lists = {
        "sessions (coach)": (coach, url("session-list")),
        "sessions (teacher)": (teacher, url("session-list")),
        "goals (coach)": (coach, url("goal-list")),
        "goals (teacher)": (teacher, url("goal-list")),
        "recommendations (coach)": (coach, url("recommendation-list")),
        "assignments (admin)": (api(c.admin), url("assignment-list")),
    }
    # Token, the two-factor rule for token sign-ins (config.mfa.api: at most 2), page
    # count, rows, and one prefetch per to-many relation: 3 to 7 queries.
    small = {name: _queries(*target) for name, target in lists.items()}
    assert max(small.values()) <= 7, small

    # More teachers, sessions with several competencies, goals with links, recommendations.
    for i in range(6):
        t = MembershipFactory(organization=c.school, role=Membership.Role.TEACHER).user
        services.assignment_create(
            actor=c.admin,
            coach=c.coach,
            teacher=t,
            school=c.school,
            starts_on=today() - datetime.timedelta(days=30),
        )
        for teacher in (t, c.teacher):
            log(c, teacher=teacher, focus=focus, held_on=today() - datetime.timedelta(days=i))
        services.goal_create(
            actor=c.coach,
            teacher=t,
            statement=f"Goal {i}",
            competency=focus[0],
            modules=[module],
            badge_classes=[badge],
        )
        services.goal_create(actor=c.coach, teacher=c.teacher, statement=f"Mine {i}")
        services.recommendation_create(actor=c.coach, teacher=t, module=module)
    assert CoachingSession.objects.count() == 13

    for name, (client, address) in lists.items():
        with django_assert_max_num_queries(small[name]):
            got = client.get(address)
        assert got.status_code == 200, name
        assert len(got.json()["results"]) > 1, name


def test_the_schema_describes_the_coaching_api(caseload):
    got = api(caseload.admin).get(reverse("schema"), {"format": "json"})
    assert got.status_code == 200
    schema = json.loads(got.content)
    paths = schema["paths"]
    for path, methods in {
        "/api/v1/coaching/assignments/": {"get", "post"},
        "/api/v1/coaching/assignments/{public_id}/end": {"post"},
        "/api/v1/coaching/sessions/": {"get", "post"},
        "/api/v1/coaching/sessions/{public_id}/": {"get"},
        "/api/v1/coaching/goals/": {"get", "post"},
        "/api/v1/coaching/goals/{public_id}/": {"get"},
        "/api/v1/coaching/goals/{public_id}/status": {"post"},
        "/api/v1/coaching/goals/{public_id}/action-steps": {"post"},
        "/api/v1/coaching/goals/{public_id}/action-steps/{step_id}/done": {"post"},
        "/api/v1/coaching/recommendations/": {"get", "post"},
        "/api/v1/coaching/recommendations/{public_id}/dismiss": {"post"},
    }.items():
        assert methods <= set(paths[path]), path
    components = schema["components"]["schemas"]
    assert "private_notes" not in components["CoachingSession"]["properties"]
    assert "private_notes" in components["CoachingSessionAuthor"]["properties"]
    assert components["CoachingSessionView"]["discriminator"]["propertyName"] == "view"
