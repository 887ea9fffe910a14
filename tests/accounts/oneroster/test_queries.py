"""A district of 50,000 people: the queries an import makes grow with its chunks, not
with its lines (no timing, only query counts)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Section, User
from accounts.oneroster import RosterPackage, Row, Table, roster_import
from tests.accounts.factories import DistrictFactory

pytestmark = pytest.mark.django_db


def package(n: int, domain: str = "load.example.org") -> RosterPackage:
    """A 1.2 bulk package: a district, a school, a class, and `n` students (users, roles,
    demographics, enrollments) with a teacher."""

    def table(name, rows):
        return Table(
            name=name, mode="bulk", rows=[Row(line=i + 2, fields=f) for i, f in enumerate(rows)]
        )

    people = [("t", "teacher")] + [(f"s{i}", "student") for i in range(n)]
    return RosterPackage(
        version="1.2",
        tables={
            "orgs": table(
                "orgs",
                [
                    {"sourcedId": "d", "name": "Load District", "type": "district"},
                    {
                        "sourcedId": "s",
                        "name": "Load High",
                        "type": "school",
                        "parentSourcedId": "d",
                    },
                ],
            ),
            "classes": table(
                "classes", [{"sourcedId": "c", "title": "Algebra", "schoolSourcedId": "s"}]
            ),
            "users": table(
                "users",
                [
                    {
                        "sourcedId": p,
                        "givenName": "Person",
                        "familyName": p,
                        "email": f"{p}@{domain}",
                    }
                    for p, _ in people
                ],
            ),
            "roles": table(
                "roles",
                [
                    {"sourcedId": f"r-{p}", "userSourcedId": p, "role": role, "orgSourcedId": "s"}
                    for p, role in people
                ],
            ),
            "demographics": table(
                "demographics", [{"sourcedId": p, "birthDate": "2010-05-01"} for p, _ in people]
            ),
            "enrollments": table(
                "enrollments",
                [
                    {"sourcedId": f"e-{p}", "classSourcedId": "c", "userSourcedId": p, "role": role}
                    for p, role in people
                ],
            ),
        },
    )


def queries_for(n: int) -> tuple[int, int]:
    district = DistrictFactory(name="Load District")
    pkg = package(n, domain=f"load{n}.example.org")
    with CaptureQueriesContext(connection) as first:
        report = roster_import(actor=None, district=district, package=pkg)
    assert report.totals["created"] == 2 + 1 + 4 * (n + 1)
    assert report.totals["refused"] == 0
    with CaptureQueriesContext(connection) as again:
        report = roster_import(actor=None, district=district, package=pkg)
    assert report.totals["unchanged"] == 3 + 4 * (n + 1)
    return len(first), len(again)


def test_queries_grow_far_slower_than_lines():
    small_first, small_again = queries_for(20)
    big_first, big_again = queries_for(200)
    assert User.objects.filter(email__endswith="@load200.example.org").count() == 201
    assert (
        Section.objects.get(
            school__parent__name="Load District", students__email="s0@load200.example.org"
        ).students.count()
        == 200
    )
    assert big_first - small_first < 20, (small_first, big_first)
    assert big_again - small_again < 20, (small_again, big_again)
    assert big_again < big_first
