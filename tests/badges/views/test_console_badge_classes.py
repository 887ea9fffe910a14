"""The console's badge-class pages: create and edit with the image checked by the
service (script SVG sanitized, a program and a pixel bomb refused on the form and
nothing saved), the draft → active → archived buttons, the list's filters, scoping
(a teacher and another district's admin get 404) and query counts."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from badges.models import BadgeClass
from core.models import AuditEntry
from tests.badges.factories import BadgeClassFactory, IssuerFactory

from .console_support import bomb_upload, exe_upload, png_upload, svg_upload

pytestmark = pytest.mark.django_db

CREATE = reverse("badges:console-badgeclass-create")
LIST = reverse("badges:console-badgeclass-list")


def url(name: str, badge: BadgeClass, **kwargs) -> str:
    return reverse(
        f"badges:console-badgeclass-{name}", kwargs={"public_id": badge.public_id, **kwargs}
    )


def posted(issuer, image, **overrides):
    data = {
        "issuer": str(issuer.public_id),
        "name": "Restorative Circles",
        "slug": "",
        "description": "Leads restorative circles in class.",
        "audience": "educator",
        "criteria_narrative": "A video of a circle and a reflection, scored competent.",
        "criteria_url": "",
        "credit_institution": "",
        "credit_hours": "",
        "credit_course_code": "",
        "valid_for_days": "",
        "image": image,
    }
    data.update(overrides)
    return data


def test_an_admin_creates_a_draft_badge_with_a_png(client, issuer, district_admin):
    client.force_login(district_admin)
    response = client.post(
        CREATE,
        posted(
            issuer,
            png_upload(),
            credit_institution="Boise State University",
            credit_hours="1.5",
            credit_course_code="EDUC 501",
            valid_for_days="730",
        ),
    )
    badge = BadgeClass.objects.get(name="Restorative Circles")
    assert response.status_code == 302
    assert response["Location"] == url("detail", badge)
    assert badge.status == BadgeClass.Status.DRAFT
    assert badge.slug == "restorative-circles"
    assert badge.image_type == "png"
    assert badge.image.read().startswith(b"\x89PNG")
    assert badge.valid_for_days == 730
    assert badge.credit_summary == "Equals 1.5 credits of EDUC 501 at Boise State University"
    assert AuditEntry.objects.filter(
        action="badgeclass.create", target_id=str(badge.public_id), actor=district_admin
    ).exists()
    page = client.get(url("detail", badge)).content.decode()
    assert "Restorative Circles" in page
    assert "Expires 730 days after it is awarded" in page


def test_the_slug_is_made_unique_from_the_name(client, issuer, district_admin):
    BadgeClassFactory(slug="restorative-circles")
    client.force_login(district_admin)
    client.post(CREATE, posted(issuer, png_upload()))
    assert BadgeClass.objects.get(name="Restorative Circles").slug == "restorative-circles-2"


def test_a_taken_slug_given_by_hand_is_refused_on_its_field(client, issuer, district_admin):
    BadgeClassFactory(slug="circles")
    client.force_login(district_admin)
    response = client.post(CREATE, posted(issuer, png_upload(), slug="circles"))
    assert response.status_code == 400
    assert "exists already" in str(response.context["form"].errors["slug"])
    assert not BadgeClass.objects.filter(name="Restorative Circles").exists()


def test_an_svg_with_a_script_is_stored_sanitized(client, issuer, district_admin):
    client.force_login(district_admin)
    response = client.post(CREATE, posted(issuer, svg_upload()))
    assert response.status_code == 302
    badge = BadgeClass.objects.get(name="Restorative Circles")
    stored = badge.image.read()
    assert badge.image_type == "svg"
    assert b"<svg" in stored
    assert b"circle" in stored
    assert b"<script" not in stored
    assert b"alert" not in stored
    assert b"onload" not in stored


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (exe_upload, "Badge images must be PNG or SVG files."),
        (bomb_upload, "badge images may be at most 4,096×4,096"),
    ],
    ids=["windows-exe", "pixel-bomb"],
)
def test_a_bad_image_is_refused_on_the_form_and_nothing_is_saved(
    client, issuer, district_admin, make, message
):
    client.force_login(district_admin)
    before = AuditEntry.objects.count()
    response = client.post(CREATE, posted(issuer, make()))
    assert response.status_code == 400
    assert message in str(response.context["form"].errors["image"])
    assert "Nothing was saved" in response.content.decode()
    assert not BadgeClass.objects.exists()
    assert AuditEntry.objects.count() == before


def test_a_new_badge_needs_an_image_and_its_fields(client, issuer, district_admin):
    client.force_login(district_admin)
    response = client.post(CREATE, posted(issuer, "", name="", credit_hours="2"))
    errors = response.context["form"].errors
    assert response.status_code == 400
    assert set(errors) >= {"image", "name", "credit_institution"}
    assert not BadgeClass.objects.exists()


def edit_data(badge, **overrides):
    data = {
        "name": badge.name,
        "description": badge.description,
        "audience": badge.audience,
        "criteria_narrative": badge.criteria_narrative,
        "criteria_url": "",
        "credit_institution": "",
        "credit_hours": "",
        "credit_course_code": "",
        "valid_for_days": "",
    }
    data.update(overrides)
    return data


def test_an_admin_edits_a_badge_and_keeps_its_image(client, issuer, district_admin):
    badge = BadgeClassFactory(issuer=issuer, status=BadgeClass.Status.DRAFT)
    image = badge.image.name
    client.force_login(district_admin)
    form = client.get(url("edit", badge))
    assert form.status_code == 200
    assert form.context["form"].initial["name"] == badge.name
    response = client.post(
        url("edit", badge), edit_data(badge, name="Circles", valid_for_days="365")
    )
    assert response.status_code == 302
    badge.refresh_from_db()
    assert (badge.name, badge.valid_for_days, badge.image.name) == ("Circles", 365, image)
    assert AuditEntry.objects.filter(action="badgeclass.update", actor=district_admin).exists()


def test_an_edit_with_a_new_svg_stores_it_sanitized(client, issuer, district_admin):
    badge = BadgeClassFactory(issuer=issuer)
    client.force_login(district_admin)
    client.post(url("edit", badge), {**edit_data(badge), "image": svg_upload()})
    badge.refresh_from_db()
    assert badge.image_type == "svg"
    assert b"<script" not in badge.image.read()


def test_an_edit_with_a_bad_image_changes_nothing(client, issuer, district_admin):
    badge = BadgeClassFactory(issuer=issuer, name="Before")
    image = badge.image.name
    client.force_login(district_admin)
    response = client.post(
        url("edit", badge), {**edit_data(badge, name="After"), "image": bomb_upload()}
    )
    assert response.status_code == 400
    assert "4,096" in str(response.context["form"].errors["image"])
    badge.refresh_from_db()
    assert (badge.name, badge.image.name, badge.image_type) == ("Before", image, "png")


def test_the_workflow_buttons_follow_the_status(client, issuer, district_admin):
    badge = BadgeClassFactory(issuer=issuer, status=BadgeClass.Status.DRAFT)
    client.force_login(district_admin)

    def buttons() -> list[str]:
        return [m.name for m in client.get(url("detail", badge)).context["moves"]]

    assert buttons() == ["activate"]
    assert client.post(url("move", badge, move="activate")).status_code == 302
    badge.refresh_from_db()
    assert badge.status == BadgeClass.Status.ACTIVE
    assert buttons() == ["archive"]
    client.post(url("move", badge, move="archive"), {"reason": "Replaced by v2"})
    badge.refresh_from_db()
    assert badge.status == BadgeClass.Status.ARCHIVED
    assert buttons() == []
    # A move the workflow does not allow from here is refused with its message.
    response = client.post(url("move", badge, move="activate"), follow=True)
    assert "A badge that is archived cannot become active." in response.content.decode()
    badge.refresh_from_db()
    assert badge.status == BadgeClass.Status.ARCHIVED
    assert client.post(url("move", badge, move="delete")).status_code == 404


def test_the_list_filters_by_status_issuer_and_words(client, issuer, district_admin):
    second = IssuerFactory(organization=issuer.organization, name="Valley CTE")
    weld = BadgeClassFactory(issuer=second, name="Welding Safety", status="active")
    draft = BadgeClassFactory(issuer=issuer, name="Circles", status="draft")
    archived = BadgeClassFactory(issuer=issuer, name="Old", status="archived")
    BadgeClassFactory(name="Another district's badge")
    client.force_login(district_admin)

    def listed(**params) -> list[str]:
        response = client.get(LIST, params)
        assert response.status_code == 200
        return [b.name for b, _ in response.context["rows"]]

    assert listed() == [draft.name, archived.name, weld.name]
    assert listed(status="draft") == [draft.name]
    assert listed(issuer=str(second.public_id)) == [weld.name]
    assert listed(q="weld") == [weld.name]
    assert listed(q="nothing like it") == []


def test_a_teacher_gets_404_everywhere(client, issuer, teacher):
    badge = BadgeClassFactory(issuer=issuer)
    client.force_login(teacher)
    for page in (LIST, CREATE, url("detail", badge), url("edit", badge)):
        assert client.get(page).status_code == 404, page
    assert client.post(url("move", badge, move="archive")).status_code == 404
    assert client.post(CREATE, posted(issuer, png_upload())).status_code == 404


def test_another_districts_admin_gets_404_on_the_badge(client, issuer, other_admin):
    badge = BadgeClassFactory(issuer=issuer, status="draft")
    client.force_login(other_admin)
    for page in (url("detail", badge), url("edit", badge), url("alignments", badge)):
        assert client.get(page).status_code == 404, page
    assert client.post(url("edit", badge), edit_data(badge, name="Mine")).status_code == 404
    assert client.post(url("move", badge, move="activate")).status_code == 404
    # Their list and their create form know nothing of it or of its issuer.
    assert client.get(LIST).context["rows"] == []
    assert client.get(CREATE).status_code == 404  # no issuer of theirs to make it for
    IssuerFactory(organization=other_admin.memberships.get().organization)
    assert client.get(LIST).context["rows"] == []
    choices = dict(client.get(CREATE).context["form"].fields["issuer"].choices)
    assert str(issuer.public_id) not in choices
    response = client.post(CREATE, posted(issuer, png_upload()))
    assert response.status_code == 400
    assert not BadgeClass.objects.filter(name="Restorative Circles").exists()
    badge.refresh_from_db()
    assert badge.status == "draft"


def test_signed_out_people_are_sent_to_sign_in(client, issuer):
    assert client.get(LIST).status_code == 302


def queries_for(client, page: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(page).status_code == 200
    return len(captured)


def test_the_list_makes_as_many_queries_for_many_rows_as_for_few(client, issuer, district_admin):
    client.force_login(district_admin)
    BadgeClassFactory.create_batch(2, issuer=issuer)
    few = queries_for(client, LIST)
    BadgeClassFactory.create_batch(20, issuer=IssuerFactory(organization=issuer.organization))
    assert queries_for(client, LIST) == few
    assert queries_for(client, f"{LIST}?page=2") == few


def test_the_image_of_a_draft_is_shown_to_its_admins_only(
    client, issuer, district_admin, other_admin
):
    badge = BadgeClassFactory(issuer=issuer, status="draft")
    client.force_login(district_admin)
    response = client.get(url("image", badge))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Security-Policy"].startswith("default-src 'none'")
    assert response.content.startswith(b"\x89PNG")
    client.force_login(other_admin)
    assert client.get(url("image", badge)).status_code == 404
