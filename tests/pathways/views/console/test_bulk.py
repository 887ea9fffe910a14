"""The CSV award pages: upload → preview (nothing awarded) → confirm → progress partial
(what htmx polls) → report; scoped to those who may award the badge."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from badges.models import Assertion
from pathways.models import BulkAwardJob
from pathways.services import assertion_award
from pathways.services.bulk import bulk_award_job_preview
from tests.accounts.factories import UserFactory
from tests.badges.factories import BadgeClassFactory

pytestmark = pytest.mark.django_db

PREVIEW = reverse("pathways:console-bulk-preview")
LIST = reverse("pathways:console-bulk-list")
TEXT = "\ufeffemail\r\nana@example.org\r\nben@example.org\r\nzed@example.org\r\nnot-an-email\r\n"


def url(name, job):
    return reverse(f"pathways:{name}", kwargs={"public_id": job.public_id})


def upload(client, badge, text=TEXT, name="teachers.csv"):
    return client.post(
        PREVIEW,
        {
            "badge_class": str(badge.public_id),
            "file": SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv"),
        },
    )


@pytest.fixture
def held(badge, ben):
    return assertion_award(actor=None, badge_class=badge, recipient=ben, actor_label="test")


def test_upload_shows_the_preview_and_awards_nothing(client, admin, badge, ana, ben, held):
    client.force_login(admin)
    assert client.get(PREVIEW).status_code == 200
    before = Assertion.objects.count()
    response = upload(client, badge)
    assert response.status_code == 302
    job = BulkAwardJob.objects.get()
    assert response["Location"] == url("console-bulk-detail", job)
    assert Assertion.objects.count() == before
    page = client.get(response["Location"]).content.decode()
    assert "Preview: nothing has been awarded yet" in page
    assert "Nothing is awarded until you confirm." in page
    assert "Ana Díaz" in page  # named: someone the admin administers
    assert "Will be awarded" in page
    assert "Already holds it" in page
    assert "Will be invited (no account yet)" in page  # zed@example.org
    assert "malformed email &#x27;not-an-email&#x27;" in page
    assert "Confirm: award “Coaching Cycles” to 2 people" in page
    assert "hx-get" not in page  # nothing to poll before confirming


def test_confirm_runs_the_job_and_the_page_shows_it_done(
    client, admin, badge, ana, ben, held, django_capture_on_commit_callbacks
):
    client.force_login(admin)
    upload(client, badge)
    job = BulkAwardJob.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("console-bulk-confirm", job))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == "done"
    assert Assertion.objects.filter(recipient=ana, badge_class=badge).exists()
    zed = Assertion.objects.get(recipient_email="zed@example.org")
    assert zed.recipient is None  # awarded to the address, and invited
    page = client.get(response["Location"]).content.decode()
    assert "Confirmed. The badges are being awarded" in page
    assert "<progress" in page
    assert 'value="3"' in page
    assert "Download the report (CSV)" in page
    # A second confirmation is refused with a message; nothing more is awarded.
    response = client.post(url("console-bulk-confirm", job), follow=True)
    assert "cannot become running" in response.content.decode()
    assert Assertion.objects.count() == 3


def test_progress_partial_polls_while_running_and_stops_when_done(client, admin, badge, ana, ben):
    client.force_login(admin)
    upload(client, badge)
    job = BulkAwardJob.objects.get()
    BulkAwardJob.objects.filter(pk=job.pk).update(status="running", processed=1)
    partial = client.get(url("console-bulk-progress", job))
    html = partial.content.decode()
    assert partial.status_code == 200
    assert "<html" not in html  # a fragment, not a page
    assert f'hx-get="{url("console-bulk-progress", job)}"' in html
    assert 'hx-trigger="every 1s"' in html
    assert '<progress max="3" value="1"' in html
    assert "1 of 3 lines done" in html
    assert "(33%)" in html
    BulkAwardJob.objects.filter(pk=job.pk).update(status="done", processed=3)
    html = client.get(url("console-bulk-progress", job)).content.decode()
    assert "hx-get" not in html
    assert "Done." in html
    assert url("console-bulk-report", job) in html
    # The detail page loads htmx from the package, no CDN.
    page = client.get(url("console-bulk-detail", job)).content.decode()
    assert '<script src="/static/django_htmx/htmx-2.min.js" defer></script>' in page


def test_report_is_a_csv_download_of_every_line(
    client, admin, badge, ana, ben, held, django_capture_on_commit_callbacks
):
    client.force_login(admin)
    upload(client, badge)
    job = BulkAwardJob.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("console-bulk-confirm", job))
    response = client.get(url("console-bulk-report", job))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith(
        'attachment; filename="bulk-award-coaching-cycles-'
    )
    lines = response.content.decode().splitlines()
    assert lines[0] == "line,email,outcome,url,reason"
    assert lines[1].startswith("2,ana@example.org,awarded,http://testserver/ob/v2/assertions/")
    assert lines[2].startswith("3,ben@example.org,held,http://testserver/ob/v2/assertions/")
    assert lines[3].startswith("4,zed@example.org,invited,http://testserver/ob/v2/assertions/")
    assert lines[4] == "5,,error,,malformed email 'not-an-email'"


def test_report_cells_never_run_as_spreadsheet_formulas(client, admin, badge):
    UserFactory(email="=cmd@example.org")
    client.force_login(admin)
    upload(client, badge, "email\n=cmd@example.org\n")
    job = BulkAwardJob.objects.get()
    body = client.get(url("console-bulk-report", job)).content.decode()
    assert "\r\n2,'=cmd@example.org," in body


def test_a_bad_file_shows_the_form_again_with_the_reason(client, admin, badge):
    client.force_login(admin)
    response = upload(client, badge, "name\nana@example.org\n")
    assert response.status_code == 400
    assert "no “email” column" in response.content.decode()
    response = client.post(
        PREVIEW,
        {
            "badge_class": str(badge.public_id),
            "file": SimpleUploadedFile("x.csv", "email\nzoë@example.org\n".encode("latin-1")),
        },
    )
    assert response.status_code == 400
    assert "not UTF-8" in response.content.decode()
    assert not BulkAwardJob.objects.exists()


def test_another_districts_admin_gets_404_for_the_job(client, admin, badge, ana):
    other = UserFactory()
    client.force_login(admin)
    upload(client, badge)
    job = BulkAwardJob.objects.get()
    from tests.accounts.factories import MembershipFactory

    outsider = MembershipFactory(role="admin").user
    BadgeClassFactory(issuer__organization=outsider.memberships.get().organization)
    for user in (outsider, other):
        client.force_login(user)
        for name in ("console-bulk-detail", "console-bulk-progress", "console-bulk-report"):
            assert client.get(url(name, job)).status_code == 404, (user, name)
        assert client.post(url("console-bulk-confirm", job)).status_code == 404
        # Nor may they upload for this badge (it is not among their choices).
        assert upload(client, badge).status_code in (400, 404)
    job.refresh_from_db()
    assert job.status == "previewed"
    assert BulkAwardJob.objects.count() == 1


def test_job_list_costs_the_same_queries_with_more_rows(
    client, admin, badge, ana, django_assert_max_num_queries
):
    client.force_login(admin)

    def add(n):
        for _ in range(n):
            bulk_award_job_preview(
                actor=admin, badge_class=badge, data=b"email\nana@example.org\n", file_name="a.csv"
            )

    add(1)
    client.get(LIST)
    with django_assert_max_num_queries(12) as few:
        assert client.get(LIST).status_code == 200
    add(10)
    with django_assert_max_num_queries(len(few)):
        page = client.get(LIST)
    assert page.content.decode().count("a.csv") == 11


def test_detail_costs_the_same_queries_with_more_lines(
    client, admin, badge, school, django_assert_max_num_queries
):
    from tests.accounts.factories import MembershipFactory

    client.force_login(admin)

    def job_of(n):
        emails = [
            MembershipFactory(organization=school, user__email=f"q{n}-{i}@example.org").user.email
            for i in range(n)
        ]
        data = ("email\n" + "\n".join(emails) + "\n").encode()
        return bulk_award_job_preview(actor=admin, badge_class=badge, data=data)

    small, big = job_of(1), job_of(30)
    client.get(url("console-bulk-detail", small))
    with django_assert_max_num_queries(14) as few:
        client.get(url("console-bulk-detail", small))
    with django_assert_max_num_queries(len(few)):
        page = client.get(url("console-bulk-detail", big))
    assert page.content.decode().count("q30-") == 30
