"""The OneRoster 1.2 REST client against a real server on loopback: the token by client
credentials, paging, the dateLastModified filter, and the JSON objects read as the CSV
columns the import takes. No database."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from accounts.oneroster.rest import (
    OneRosterClient,
    RosterFetchError,
    columns_of,
    fetch_roster,
    filter_since,
    role_rows,
)
from core.net import UnsafeURL, check_fetch_url

from .sis_server import FakeSis, SisServer, sample_roster


def _client(sis: FakeSis, **kwargs) -> OneRosterClient:
    return OneRosterClient(
        base_url=sis.base_url,
        token_url=sis.token_url,
        client_id=kwargs.pop("client_id", sis.client_id),
        client_secret=kwargs.pop("client_secret", sis.client_secret),
        allow_private=True,
        **kwargs,
    )


def test_json_objects_become_the_csv_columns_of_their_files():
    roster = sample_roster()
    school = columns_of(roster["orgs"][1])
    assert school["parentSourcedId"] == "org-district"
    assert school["type"] == "school"
    assert "children" not in school
    assert "childSourcedIds" not in school
    klass = columns_of(roster["classes"][0])
    assert klass["courseSourcedId"] == "course-bio"
    assert klass["schoolSourcedId"] == "org-school"
    assert klass["termSourcedIds"] == "term-fall"
    assert klass["periods"] == "1"
    course = columns_of(roster["courses"][0])
    assert course["orgSourcedId"] == "org-school"
    assert course["schoolYearSourcedId"] == "term-fall"
    assert course["grades"] == "09,10"
    student = columns_of(roster["users"][1])
    assert student["enabledUser"] == "true"
    assert student["userIds"] == "{LDAP:u-student-1-ldap}"
    assert student["primaryOrgSourcedId"] == "org-school"
    assert student["grades"] == "09"
    assert student["agentSourcedIds"] == ""
    assert "roles" not in student
    assert "metadata" not in student
    enrollment = columns_of(roster["enrollments"][0])
    assert enrollment["userSourcedId"] == "u-teacher"
    assert enrollment["classSourcedId"] == "class-bio-1"
    assert enrollment["primary"] == "true"
    assert columns_of({"preferredFirstName": "Bee", "preferredLastName": "L"}) == {
        "preferredGivenName": "Bee",
        "preferredFamilyName": "L",
    }


def test_a_users_roles_become_rows_of_the_roles_table_named_stably():
    user = sample_roster()["users"][0]
    assert role_rows(user) == [
        {
            "sourcedId": "u-teacher:org-school:teacher",
            "status": "active",
            "dateLastModified": user["dateLastModified"],
            "userSourcedId": "u-teacher",
            "roleType": "primary",
            "role": "teacher",
            "beginDate": "",
            "endDate": "",
            "orgSourcedId": "org-school",
            "userProfileSourcedId": "",
        }
    ]


def test_the_filter_names_the_date_in_utc_with_milliseconds():
    when = datetime(2026, 8, 1, 12, 0, 0, 250000, tzinfo=UTC)
    assert filter_since(when) == "dateLastModified>'2026-08-01T12:00:00.250Z'"


@pytest.mark.parametrize("link_paging", [False, True])
def test_every_collection_is_read_page_by_page_with_the_token(link_paging):
    sis = FakeSis(collections=sample_roster(), link_paging=link_paging)
    with SisServer(sis):
        fetched = fetch_roster(_client(sis, page_size=2))
    assert [len(fetched.tables[n]) for n in ("orgs", "users", "roles", "enrollments")] == [
        2,
        3,
        3,
        3,
    ]
    assert fetched.newest == datetime(2026, 8, 1, 12, tzinfo=UTC)
    assert not fetched.delta
    token_posts = [r for r in sis.requests if r["method"] == "POST"]
    assert len(token_posts) == 1
    assert token_posts[0]["form"]["scope"] == [
        "https://purl.imsglobal.org/spec/or/v1p2/scope/roster.readonly"
    ]
    offsets = [q["offset"] for q in sis.asked("users")]
    assert offsets == [["0"], ["2"]]
    assert all("filter" not in q for q in sis.asked("users"))


def test_a_later_pull_asks_only_for_what_changed():
    roster = sample_roster()
    roster["users"][2] |= {"status": "tobedeleted", "dateLastModified": "2026-09-02T08:00:00Z"}
    sis = FakeSis(collections=roster)
    with SisServer(sis):
        fetched = fetch_roster(_client(sis), since=datetime(2026, 8, 1, 12, tzinfo=UTC))
    assert fetched.delta
    assert fetched.tables["users"] == [columns_of(roster["users"][2])]
    assert fetched.tables["roles"][0]["status"] == "tobedeleted"
    assert fetched.tables["orgs"] == []
    assert sis.asked("orgs")[0]["filter"] == ["dateLastModified>'2026-08-01T12:00:00.000Z'"]
    assert fetched.newest == datetime(2026, 9, 2, 8, tzinfo=UTC)


def test_a_wrong_secret_is_refused_with_a_clear_message():
    sis = FakeSis(collections=sample_roster())
    with SisServer(sis), pytest.raises(RosterFetchError, match="refused the client id or secret"):
        fetch_roster(_client(sis, client_secret="wrong"))
    assert sis.asked("orgs") == []


def test_a_token_the_sis_no_longer_takes_is_renewed_once():
    sis = FakeSis(collections=sample_roster())
    with SisServer(sis):
        client = _client(sis)
        client.token()
        sis.tokens.clear()  # the SIS forgot it (expired)
        assert len(list(client.objects("orgs"))) == 2
    assert len([r for r in sis.requests if r["method"] == "POST"]) == 2


def test_an_address_that_is_not_the_api_says_so():
    sis = FakeSis(collections={})
    with SisServer(sis), pytest.raises(RosterFetchError, match="answered 404"):
        list(_client(sis).objects("orgs"))


def test_private_and_loopback_addresses_are_refused_unless_allowed():
    with pytest.raises(UnsafeURL, match="private network"):
        check_fetch_url("http://127.0.0.1:8000/x", what="rosters")
    with pytest.raises(UnsafeURL, match="private network"):
        check_fetch_url("http://10.1.2.3/ims", what="rosters")
    with pytest.raises(UnsafeURL, match="Only http"):
        check_fetch_url("file:///etc/passwd", allow_private=True)
    assert check_fetch_url(" http://127.0.0.1/x ", allow_private=True) == "http://127.0.0.1/x"
    with pytest.raises(RosterFetchError, match="private network"):
        OneRosterClient(
            base_url="http://127.0.0.1:9/ims",
            token_url="http://127.0.0.1:9/token",
            client_id="x",
            client_secret="y",
        )
