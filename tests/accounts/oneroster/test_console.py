"""The roster console pages: the index (imports, upload, SIS summary), the preview and
its confirm, the progress partial and the report, the SIS connection and "Pull now";
404 for anyone the policy does not allow; list pages in a fixed number of queries."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import (
    Membership,
    RosterConnection,
    RosterImport,
    RosterImportProblem,
    RosterRecord,
)
from tests.accounts.factories import DistrictFactory, MembershipFactory, UserFactory

from .sis_server import FakeSis, SisServer, roster_zip, sample_roster

pytestmark = pytest.mark.django_db

LIST = reverse("roster:import-list")
UPLOAD = reverse("roster:import-upload")
CONNECTION = reverse("roster:connection-edit")
PULL = reverse("roster:connection-pull")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    settings.ROSTER_FETCH_ALLOW_PRIVATE = True


@pytest.fixture
def district():
    return DistrictFactory(name="Cedar Valley SD", slug="cedar-valley")


@pytest.fixture
def admin(district):
    user = UserFactory(email="admin@cedar.example.org")
    MembershipFactory(user=user, organization=district, role=Membership.Role.ADMIN)
    return user


def _job(district, admin, **kwargs) -> RosterImport:
    return RosterImport.objects.create(
        district=district, actor=admin, source=RosterImport.Source.UPLOAD, **kwargs
    )


def _zip(data: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile("cedar.zip", data or roster_zip(sample_roster()), "application/zip")


def test_the_pages_answer_404_to_whoever_may_not_import(client, district, admin):
    teacher = UserFactory()
    MembershipFactory(user=teacher, organization=district, role=Membership.Role.TEACHER)
    job = _job(district, admin)
    client.force_login(teacher)
    detail = reverse("roster:import-detail", kwargs={"public_id": job.public_id})
    for url in (LIST, CONNECTION, detail, f"{detail}progress/"):
        assert client.get(url).status_code == 404, url
    assert client.post(UPLOAD, {"district": district.slug, "file": _zip()}).status_code == 404
    assert client.post(f"{detail}confirm/").status_code == 404
    assert not RosterImport.objects.exclude(pk=job.pk).exists()
    other = DistrictFactory()
    other_admin = UserFactory()
    MembershipFactory(user=other_admin, organization=other, role=Membership.Role.ADMIN)
    client.force_login(other_admin)
    assert client.get(detail).status_code == 404
    assert client.get(f"{LIST}?district={district.slug}").status_code == 404


def test_the_menu_shows_roster_to_a_district_admin_only(client, district, admin):
    client.force_login(admin)
    page = client.get(LIST)
    assert page.status_code == 200
    assert f'href="{LIST}"' in page.content.decode()
    teacher = UserFactory()
    MembershipFactory(user=teacher, organization=district, role=Membership.Role.TEACHER)
    client.force_login(teacher)
    assert f'href="{LIST}"' not in client.get(reverse("badges:assertion-mine")).content.decode()


def test_the_index_takes_the_same_queries_for_many_imports(
    client, district, admin, django_assert_max_num_queries
):
    client.force_login(admin)
    _job(district, admin, counts={"created": 2}, total=2)
    client.get(LIST)  # warm up (session, menu)
    with django_assert_max_num_queries(30) as few:
        assert client.get(LIST).status_code == 200
    for n in range(30):
        _job(district, None, file_name=f"f{n}.zip", status=RosterImport.Status.DONE)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(LIST)
    assert "Page 1 of 2" in page.content.decode()


def test_upload_preview_confirm_and_report(
    client, district, admin, django_capture_on_commit_callbacks
):
    client.force_login(admin)
    answer = client.post(UPLOAD, {"district": district.slug, "file": _zip()})
    job = RosterImport.objects.get()
    assert answer.status_code == 302
    assert answer["Location"] == reverse(
        "roster:import-detail", kwargs={"public_id": job.public_id}
    )
    preview = client.get(answer["Location"]).content.decode()
    assert "Preview: nothing has been imported yet" in preview
    assert "users.csv" in preview
    assert not RosterRecord.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        confirmed = client.post(f"{answer['Location']}confirm/")
    done = client.get(confirmed["Location"]).content.decode()
    job.refresh_from_db()
    assert job.status == RosterImport.Status.DONE, job.failure
    assert "Confirmed. The roster is being imported" in done
    assert 'data-status="done"' in done
    assert "What the import did, file by file" in done
    partial = client.get(f"{answer['Location']}progress/").content.decode()
    assert "<progress" in partial
    assert "hx-get" not in partial  # done: the polling stops

    # The same file again: the report says nothing changed.
    again = client.post(UPLOAD, {"district": district.slug, "file": _zip()})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{again['Location']}confirm/")
    report = client.get(again["Location"]).content.decode()
    assert "Nothing changed: every line matched what Cairn holds already." in report


def test_a_file_that_is_not_a_zip_gets_the_form_again_with_why(client, district, admin):
    client.force_login(admin)
    bad = SimpleUploadedFile("users.csv", b"sourcedId,email\r\n1,a@example.org\r\n", "text/csv")
    answer = client.post(UPLOAD, {"district": district.slug, "file": bad})
    assert answer.status_code == 400
    assert "This is not a zip file" in answer.content.decode()
    assert not RosterImport.objects.exists()


def test_refused_lines_are_paginated_in_a_fixed_number_of_queries(
    client, district, admin, django_assert_max_num_queries
):
    client.force_login(admin)
    job = _job(district, admin, total=5, counts={"refused": 5})
    url = reverse("roster:import-detail", kwargs={"public_id": job.public_id})

    def problems(n: int) -> None:
        RosterImportProblem.objects.bulk_create(
            RosterImportProblem(job=job, file_name="users.csv", line=i + 2, reason="no e-mail")
            for i in range(n)
        )

    problems(3)
    client.get(url)
    with django_assert_max_num_queries(30) as few:
        assert client.get(url).status_code == 200
    problems(300)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url).content.decode()
    assert "303 lines refused" in page
    assert 'rel="next"' in page  # keyset pages of 100
    assert page.count("no e-mail") == 100


def test_the_connection_page_keeps_the_secret_hidden_and_pulls_now(
    client, district, admin, django_capture_on_commit_callbacks
):
    client.force_login(admin)
    sis = FakeSis(collections=sample_roster())
    with SisServer(sis):
        form = {
            "district": district.slug,
            "base_url": sis.base_url,
            "token_url": sis.token_url,
            "client_id": sis.client_id,
            "client_secret": sis.client_secret,
            "scope": "",
            "enabled": "on",
        }
        saved = client.post(CONNECTION, form, follow=True).content.decode()
        assert "The SIS connection of Cedar Valley SD is saved." in saved
        assert sis.client_secret not in saved
        assert "A secret is set; it is never shown." in saved
        connection = RosterConnection.objects.get()
        assert connection.secret() == sis.client_secret
        assert connection.enabled

        with django_capture_on_commit_callbacks(execute=True):
            started = client.post(PULL, {"district": district.slug})
        pulled = client.get(started["Location"])
    job = RosterImport.objects.get(source=RosterImport.Source.REST)
    assert job.status == RosterImport.Status.DONE, job.failure
    assert "The pull from the SIS has started" in pulled.content.decode()
    assert 'data-status="done"' in pulled.content.decode()
    summary = client.get(LIST).content.decode()
    assert "Changes pulled up to" in summary
    assert sis.base_url in summary


def test_a_wrong_secret_shows_the_reason_on_the_job_page(
    client, district, admin, django_capture_on_commit_callbacks
):
    client.force_login(admin)
    sis = FakeSis(collections=sample_roster())
    with SisServer(sis):
        client.post(
            CONNECTION,
            {
                "district": district.slug,
                "base_url": sis.base_url,
                "token_url": sis.token_url,
                "client_id": sis.client_id,
                "client_secret": "wrong",
            },
        )
        with django_capture_on_commit_callbacks(execute=True):
            started = client.post(PULL, {"district": district.slug})
        page = client.get(started["Location"]).content.decode()
    assert "The SIS refused the client id or secret" in page
    assert 'data-status="failed"' in page


def test_a_private_address_is_refused_on_the_form_without_the_setting(
    client, district, admin, settings
):
    settings.ROSTER_FETCH_ALLOW_PRIVATE = False
    client.force_login(admin)
    answer = client.post(
        CONNECTION,
        {
            "district": district.slug,
            "base_url": "https://127.0.0.1:8000/ims/oneroster/rostering/v1p2",
            "token_url": "https://127.0.0.1:8000/token",
            "client_id": "x",
            "client_secret": "y",
        },
    )
    assert answer.status_code == 400
    assert "is on a private network" in answer.content.decode()
    assert not RosterConnection.objects.exists()
    assert client.post(PULL, {"district": district.slug}).status_code == 404


def test_plain_http_is_refused_without_the_setting(client, district, admin, settings):
    settings.ROSTER_FETCH_ALLOW_PRIVATE = False
    client.force_login(admin)
    answer = client.post(
        CONNECTION,
        {
            "district": district.slug,
            "base_url": "http://sis.example.org/ims/oneroster/rostering/v1p2",
            "token_url": "http://sis.example.org/token",
            "client_id": "x",
            "client_secret": "y",
        },
    )
    assert answer.status_code == 400
    assert "Give an https:// address" in answer.content.decode()
    assert not RosterConnection.objects.exists()


def test_an_admin_of_several_districts_picks_among_theirs_only(client, district, admin):
    second = DistrictFactory(name="Aspen Ridge SD", slug="aspen-ridge")
    MembershipFactory(user=admin, organization=second, role=Membership.Role.ADMIN)
    DistrictFactory(name="Birch Flats SD", slug="birch-flats")
    client.force_login(admin)
    page = client.get(LIST).content.decode()
    assert '<option value="aspen-ridge" selected>Aspen Ridge SD</option>' in page
    assert '<option value="cedar-valley">Cedar Valley SD</option>' in page
    assert "birch-flats" not in page
    assert "— Cedar Valley SD" in client.get(f"{LIST}?district=cedar-valley").content.decode()
    assert client.get(f"{LIST}?district=birch-flats").status_code == 404
    answer = client.post(UPLOAD, {"district": "birch-flats", "file": _zip()})
    assert answer.status_code == 404
    assert not RosterImport.objects.exists()


def test_a_running_import_polls_its_progress(client, district, admin):
    client.force_login(admin)
    job = _job(district, admin, status=RosterImport.Status.RUNNING, total=40, processed=10)
    url = reverse("roster:import-detail", kwargs={"public_id": job.public_id})
    page = client.get(url).content.decode()
    assert f'hx-get="{url}progress/"' in page
    assert "10 of 40 lines done (25%)" in page
    assert "Import</button>" not in page
