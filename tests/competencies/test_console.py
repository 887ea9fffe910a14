"""The console's framework pages: index, import (file or URL), preview, confirm, report."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import Membership
from competencies.models import Competency, CompetencyAssociation, Framework, FrameworkImport
from core.models import AuditEntry
from tests.accounts.factories import DistrictFactory, MembershipFactory, SchoolFactory

from .cases import DOC_ID, case_1_1, cf_package, dumps, dumps_windows, messy_package
from .factories import CompetencyFactory, FrameworkFactory
from .servers import case_server, package_path

pytestmark = pytest.mark.django_db

INDEX = reverse("competencies:console-framework-list")
CREATE = reverse("competencies:console-import-create")


def member(role: str, org=None):
    return MembershipFactory(organization=org or DistrictFactory(), role=role).user


@pytest.fixture
def admin_client(client):
    client.force_login(member(Membership.Role.ADMIN))
    return client


def written() -> tuple:
    return (
        Framework.objects.count(),
        list(Competency.objects.values_list("pk", "statement", "retired_at")),
        CompetencyAssociation.objects.count(),
        AuditEntry.objects.count(),
    )


def upload(client, data: bytes, **extra):
    package = SimpleUploadedFile("dl.json", data, content_type="application/json")
    return client.post(CREATE, {"file": package, **extra})


def test_upload_preview_writes_nothing_then_confirm_imports(admin_client) -> None:
    before = written()

    response = upload(admin_client, dumps_windows(messy_package()))

    staged = FrameworkImport.objects.get()
    detail = reverse("competencies:console-import-detail", kwargs={"public_id": staged.public_id})
    assert response.status_code == 302
    assert response["Location"] == detail
    preview = admin_client.get(detail)
    html = preview.content.decode()
    assert preview.status_code == 200
    assert "Nothing has been imported yet." in html
    assert preview.context["report"]["created"] == 6
    assert "merged into the first" in html
    assert "identifier is missing" in html
    assert written() == before  # previewing wrote no framework, competency or audit row

    confirmed = admin_client.post(detail)

    assert confirmed.status_code == 302
    assert Competency.objects.count() == 6
    assert CompetencyAssociation.objects.count() == 5
    staged.refresh_from_db()
    assert staged.imported_at is not None
    assert staged.framework is not None
    assert bytes(staged.data) == b""
    report = admin_client.get(detail)
    assert "Import report" in report.content.decode()
    assert report.context["stored"]["created"] == 6
    # Confirming twice imports nothing more.
    again = admin_client.post(detail)
    assert again.status_code == 400
    assert "imported already" in again.content.decode()


def test_the_same_package_again_previews_as_no_change(admin_client) -> None:
    for _ in range(2):
        upload(admin_client, dumps(cf_package()))
        staged = FrameworkImport.objects.latest("pk")
        url = reverse("competencies:console-import-detail", kwargs={"public_id": staged.public_id})
        preview = admin_client.get(url)
        admin_client.post(url)
    assert preview.context["changes_nothing"]
    assert "importing it would change nothing" in preview.content.decode()
    assert Competency.objects.count() == 5


def test_import_from_a_case_rest_endpoint(admin_client, settings) -> None:
    settings.CASE_FETCH_ALLOW_PRIVATE = True
    body = dumps(case_1_1(messy_package()))
    routes = {package_path(DOC_ID): (200, "application/json", body, {})}
    with case_server(routes) as base:
        response = admin_client.post(CREATE, {"url": base + package_path(DOC_ID)})

    staged = FrameworkImport.objects.get()
    assert response.status_code == 302
    assert staged.source_url.endswith(package_path(DOC_ID))
    assert not Framework.objects.exists()
    admin_client.post(response["Location"])
    assert Framework.objects.get().competencies.count() == 6


def test_a_url_on_a_private_network_is_refused_by_default(admin_client) -> None:
    response = admin_client.post(CREATE, {"url": "http://127.0.0.1:9/ims/case/v1p1/CFPackages/x"})
    assert response.status_code == 400
    assert "private network" in response.content.decode()
    assert not FrameworkImport.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Choose a file or give a web address"),
        ({"url": "ftp://example.org/x"}, "Enter a valid URL"),
    ],
)
def test_the_form_needs_one_source(admin_client, data, message) -> None:
    response = admin_client.post(CREATE, data)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_an_unreadable_file_is_refused_with_its_reason(admin_client) -> None:
    response = upload(admin_client, b'{"CFDocument": ')
    assert response.status_code == 400
    assert "not JSON: Expecting value at line 1" in response.content.decode()
    assert not FrameworkImport.objects.exists()


def test_strict_refuses_a_messy_package_at_upload(admin_client) -> None:
    response = upload(admin_client, dumps(messy_package()), strict="on")
    assert response.status_code == 400
    assert "duplicates CFItems[1]" in response.content.decode()
    assert not FrameworkImport.objects.exists()


@pytest.mark.parametrize("who", ["teacher", "school admin", "anonymous"])
def test_only_district_admins_open_the_console_pages(client, who) -> None:
    if who == "teacher":
        client.force_login(member(Membership.Role.TEACHER))
    elif who == "school admin":
        client.force_login(member(Membership.Role.ADMIN, SchoolFactory()))
    for url in (INDEX, CREATE):
        response = client.get(url)
        assert response.status_code == (302 if who == "anonymous" else 404)
    if who != "anonymous":
        assert upload(client, dumps(cf_package())).status_code == 404
        assert not FrameworkImport.objects.exists()


def test_another_persons_import_is_not_found(client, admin_client) -> None:
    upload(admin_client, dumps(cf_package()))
    staged = FrameworkImport.objects.get()
    url = reverse("competencies:console-import-detail", kwargs={"public_id": staged.public_id})
    client.force_login(member(Membership.Role.ADMIN))
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert not Framework.objects.exists()


def test_the_index_lists_frameworks_in_bounded_queries(
    admin_client, django_assert_max_num_queries
) -> None:
    FrameworkFactory()
    with django_assert_max_num_queries(20) as few:
        assert admin_client.get(INDEX).status_code == 200
    for _ in range(30):
        framework = FrameworkFactory()
        CompetencyFactory.create_batch(3, framework=framework)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = admin_client.get(INDEX)
    assert len(response.context["page"].object_list) == 25
    assert {f.competency_count for f in response.context["page"].object_list} == {0, 3}
    assert 'href="/console/frameworks/"' in response.content.decode()  # the console menu
