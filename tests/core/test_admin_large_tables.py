"""The Django admin on big tables (assertions, submissions, the audit log, ...): a
changelist's statements do not grow with its rows, its count never reads the whole
table (the planner's estimate on PostgreSQL, a count capped at 10,000 otherwise), no
date hierarchy; and the indexes its ordering needs exist."""

from __future__ import annotations

import itertools

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Membership, RosterRecord, User
from badges.models import Assertion, BadgeClass, StatusListEntry
from coaching.models import CoachingSession
from core.admin import LargeTableMixin
from core.models import AuditEntry, Transition
from core.pagination import LargeTablePaginator, is_unfiltered, planner_estimate
from courses.models import Enrollment
from evidence.models import Review, Submission, SubmissionVersion
from tests.accounts.factories import DistrictFactory, MembershipFactory, UserFactory
from tests.badges.factories import AssertionFactory, BadgeClassFactory
from tests.coaching.factories import CoachingSessionFactory
from tests.core.admin_support import make_staff
from tests.courses.factories import EnrollmentFactory

pytestmark = pytest.mark.django_db

_serial = itertools.count()


def _badge_class() -> BadgeClass:
    return BadgeClass.objects.order_by("pk").first() or BadgeClassFactory()


def _submission() -> Submission:
    earner = UserFactory()
    return Submission.objects.create(
        earner=earner, badge_class=_badge_class(), submitted_by=earner, status="submitted"
    )


def _review() -> Review:
    submission = _submission()
    version = SubmissionVersion.objects.create(submission=submission, number=1)
    return Review.objects.create(
        submission=submission,
        version=version,
        reviewer=UserFactory(),
        acting_as="admin",
        decision="approve",
    )


def _status_list_entry() -> StatusListEntry:
    assertion = AssertionFactory()
    return StatusListEntry.objects.create(
        assertion=assertion, issuer=assertion.badge_class.issuer, index=next(_serial)
    )


def _audit_entry() -> AuditEntry:
    return AuditEntry.objects.create(
        actor=UserFactory(), actor_label="someone", action="badgeclass.create", target_type="t",
        target_id=str(next(_serial)),
    )  # fmt: skip


def _transition() -> Transition:
    return Transition.objects.create(
        target_type="t", target_id=str(next(_serial)), to_status="active", move="activate",
        actor=UserFactory(), actor_label="someone",
    )  # fmt: skip


def _roster_record() -> RosterRecord:
    return RosterRecord.objects.create(
        district=DistrictFactory(), kind="user", sourced_id=f"s{next(_serial)}", user=UserFactory()
    )


# model, a maker of one row
BIG_TABLES = [
    (Assertion, AssertionFactory),
    (StatusListEntry, _status_list_entry),
    (Submission, _submission),
    (Review, _review),
    (AuditEntry, _audit_entry),
    (Transition, _transition),
    (CoachingSession, CoachingSessionFactory),
    (Enrollment, EnrollmentFactory),
    (User, UserFactory),
    (RosterRecord, _roster_record),
]
IDS = [model._meta.label for model, _ in BIG_TABLES]
# Submissions are not a superuser's to read (their policy gives superusers nothing): the
# issuing district's admin on the staff reads them.
SEEN_BY_THE_ISSUERS_ADMIN = {Submission, Review}
# Their policy gives superusers every row by a rule (a WHERE), not as superusers: counted
# up to the cap.
FILTERED_FOR_SUPERUSERS = {Enrollment}
FILTERED_FOR_THEM = SEEN_BY_THE_ISSUERS_ADMIN | FILTERED_FOR_SUPERUSERS


def sign_in_for(client, model, admin_user) -> None:
    if model not in SEEN_BY_THE_ISSUERS_ADMIN:
        client.force_login(admin_user)
        return
    district = _badge_class().issuer.organization
    admin = MembershipFactory(organization=district, role=Membership.Role.ADMIN).user
    client.force_login(make_staff(admin, "evidence"))


def changelist(model) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def open_changelist(client, model) -> tuple[list[str], object]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(changelist(model))
    assert response.status_code == 200
    return [q["sql"] for q in queries.captured_queries], response


def counts_in(statements: list[str]) -> list[str]:
    return [sql for sql in statements if "COUNT(" in sql.upper()]


@pytest.mark.parametrize(("model", "make"), BIG_TABLES, ids=IDS)
def test_big_tables_admin_has_no_full_counts_and_no_date_hierarchy(model, make):
    model_admin = admin.site._registry[model]
    assert isinstance(model_admin, LargeTableMixin)
    assert model_admin.paginator is LargeTablePaginator
    assert model_admin.show_full_result_count is False
    assert model_admin.show_facets is admin.ShowFacets.NEVER
    assert not model_admin.date_hierarchy


@pytest.mark.parametrize(("model", "make"), BIG_TABLES, ids=IDS)
def test_changelist_statements_do_not_grow_with_rows(client, admin_user, model, make):
    make()
    sign_in_for(client, model, admin_user)
    few, _ = open_changelist(client, model)
    for _ in range(6):
        make()
    many, response = open_changelist(client, model)
    assert len(many) == len(few), "\n".join(many)
    assert len(response.context["cl"].result_list) == model._default_manager.count()
    # Any count stops at the cap (a LIMIT subquery): none reads the whole table.
    for sql in counts_in(many):
        assert "LIMIT" in sql.upper(), sql


def test_a_filtered_count_stops_at_the_cap(monkeypatch):
    for _ in range(5):
        _audit_entry()
    monkeypatch.setattr(LargeTablePaginator, "cap", 3)
    filtered = AuditEntry.objects.filter(action="badgeclass.create")
    paginator = LargeTablePaginator(filtered, 2)
    with CaptureQueriesContext(connection) as queries:
        assert paginator.count == 3
    assert paginator.count_is_capped
    assert not paginator.count_is_estimate
    assert paginator.count_label == "3+"
    assert paginator.num_pages == 2
    [sql] = [q["sql"] for q in queries.captured_queries]
    assert "LIMIT 4" in sql.upper()


def test_under_the_cap_the_count_is_exact(monkeypatch):
    for _ in range(3):
        _audit_entry()
    monkeypatch.setattr(LargeTablePaginator, "cap", 3)
    paginator = LargeTablePaginator(AuditEntry.objects.filter(action="badgeclass.create"), 2)
    assert paginator.count == 3
    assert not paginator.count_is_capped
    assert not paginator.count_is_estimate
    assert paginator.count_label == "3"
    assert LargeTablePaginator(["a", "b"], 1).count == 2  # a list: its length


def test_what_counts_as_the_whole_table():
    assert is_unfiltered(AuditEntry.objects.select_related("actor").order_by("-created_at"))
    assert not is_unfiltered(AuditEntry.objects.filter(action="x"))
    assert not is_unfiltered(AuditEntry.objects.distinct())
    assert not is_unfiltered(AuditEntry.objects.all()[:5])
    assert not is_unfiltered(AuditEntry.objects.none())


def test_the_page_says_when_the_count_stops_at_the_cap(client, admin_user, monkeypatch):
    monkeypatch.setattr(LargeTablePaginator, "cap", 3)
    for _ in range(5):
        _audit_entry()
    client.force_login(admin_user)
    _, response = open_changelist(client, AuditEntry)
    page = response.content.decode()
    assert "3+ audit entries" in page
    response = client.get(changelist(AuditEntry), {"q": "someone"})
    assert "3+ results" in response.content.decode()


def test_select_all_names_the_count_the_paginator_has(client, admin_user, monkeypatch):
    monkeypatch.setattr(LargeTablePaginator, "cap", 3)
    monkeypatch.setattr(admin.site._registry[Assertion], "list_per_page", 2)
    for _ in range(5):
        AssertionFactory()
    client.force_login(admin_user)
    page = client.get(changelist(Assertion)).content.decode()
    assert "Select all 3+ assertions" in page
    assert "All 3+ selected" in page
    assert "3+ assertions" in page


def test_the_audit_log_filters_by_action_without_reading_it(client, admin_user):
    _audit_entry()
    other = AuditEntry.objects.create(
        actor_label="x", action="badgeclass.update", target_type="t", target_id="9"
    )
    client.force_login(admin_user)
    response = client.get(changelist(AuditEntry), {"action": "badgeclass.update"})
    assert response.status_code == 200
    assert [row.pk for row in response.context["cl"].result_list] == [other.pk]


def test_the_lists_orderings_have_their_indexes():
    wanted = {
        Assertion: ("assertion_list_order_idx", ["issued_on", "id"], ["DESC", "DESC"]),
        Submission: ("submission_list_order_idx", ["updated_at", "id"], ["DESC", "DESC"]),
        Review: ("review_list_order_idx", ["created_at", "id"], ["ASC", "ASC"]),
        AuditEntry: ("auditentry_list_order_idx", ["created_at", "id"], ["DESC", "DESC"]),
        Transition: ("transition_list_order_idx", ["created_at", "id"], ["ASC", "ASC"]),
    }
    with connection.cursor() as cursor:
        for model, (name, columns, orders) in wanted.items():
            constraints = connection.introspection.get_constraints(cursor, model._meta.db_table)
            assert name in constraints, (model, sorted(constraints))
            assert constraints[name]["index"]
            assert constraints[name]["columns"] == columns
            assert constraints[name]["orders"] == orders


# PostgreSQL: the planner's estimate ----------------------------------------------------


def _analyze(model) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


@pytest.mark.postgres
def test_the_unfiltered_count_is_the_planners_estimate(monkeypatch):
    for _ in range(6):
        _audit_entry()
    _analyze(AuditEntry)
    assert planner_estimate(AuditEntry.objects.all()) == 6
    assert planner_estimate(AuditEntry.objects.filter(action="x")) is None
    monkeypatch.setattr(LargeTablePaginator, "cap", 4)
    paginator = LargeTablePaginator(AuditEntry.objects.select_related("actor"), 2)
    with CaptureQueriesContext(connection) as queries:
        assert paginator.count == 6
    assert paginator.count_is_estimate
    assert paginator.count_label == "about 6"
    assert counts_in([q["sql"] for q in queries.captured_queries]) == []


@pytest.mark.postgres
def test_a_small_estimate_is_not_trusted_the_rows_are_counted_up_to_the_cap(monkeypatch):
    for _ in range(3):
        _audit_entry()
    _analyze(AuditEntry)  # the planner now thinks 3 rows; 9 more come before it looks again
    for _ in range(9):
        _audit_entry()
    monkeypatch.setattr(LargeTablePaginator, "cap", 10)
    paginator = LargeTablePaginator(AuditEntry.objects.all(), 5)
    assert paginator.count == 10
    assert paginator.count_is_capped
    assert not paginator.count_is_estimate


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("model", "make"),
    [(m, make) for m, make in BIG_TABLES if m not in FILTERED_FOR_THEM],
    ids=[i for (m, _), i in zip(BIG_TABLES, IDS, strict=True) if m not in FILTERED_FOR_THEM],
)
def test_an_unfiltered_changelist_counts_nothing(client, admin_user, monkeypatch, model, make):
    monkeypatch.setattr(LargeTablePaginator, "cap", 3)
    for _ in range(6):
        make()
    _analyze(model)
    client.force_login(admin_user)
    statements, response = open_changelist(client, model)
    assert counts_in(statements) == [], "\n".join(counts_in(statements))
    with CaptureQueriesContext(connection) as asked_for_facets:
        assert client.get(changelist(model), {"_facets": "True"}).status_code == 200
    assert counts_in([q["sql"] for q in asked_for_facets.captured_queries]) == []
    assert response.context["cl"].paginator.count_is_estimate
    assert "about " in response.content.decode()
