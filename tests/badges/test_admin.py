"""Badges in the Django admin ask the policies: a district admin on the staff sees and
chooses only their district's issuers, badges, keys and status list places; a badge's
status and a key change only through the services (admin actions)."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from accounts.models import Membership
from badges import services
from badges.models import BadgeClass, IssuerKey, StatusListEntry
from core.workflow import history_of
from tests.accounts.factories import (
    DistrictFactory,
    MembershipFactory,
    OrganizationFactory,
    SchoolFactory,
)
from tests.badges.factories import BadgeClassFactory, IssuerFactory, pixel_bomb_png, png_bytes
from tests.badges.support import award

pytestmark = pytest.mark.django_db


def staff_admin_of(organization):
    user = MembershipFactory(organization=organization, role=Membership.Role.ADMIN).user
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="badges"))
    return user


def listed(client, model: str) -> set:
    response = client.get(reverse(f"admin:badges_{model}_changelist"))
    assert response.status_code == 200
    return {row.pk for row in response.context["cl"].result_list}


@pytest.fixture
def two_districts():
    """Two districts, each with an issuer that signed a credential (a key and a status
    list place), and Cairn's own key."""
    found = {}
    for name in ("ours", "theirs"):
        issuer = IssuerFactory(organization=SchoolFactory().parent)
        assertion = award(issuer=issuer)
        services.status_list_entry_for(assertion=assertion)
        found[name] = (issuer, services.issuer_active_key(issuer=issuer), assertion)
    found["cairn"] = services.issuer_active_key(issuer=None)
    return found


def test_keys_and_status_list_places_are_the_districts_own(client, two_districts, admin_user):
    issuer, key, assertion = two_districts["ours"]
    _, their_key, their_assertion = two_districts["theirs"]
    client.force_login(staff_admin_of(issuer.organization))
    assert listed(client, "issuerkey") == {key.pk}
    assert listed(client, "statuslistentry") == {assertion.status_list_entry.pk}
    theirs = reverse("admin:badges_issuerkey_change", args=[their_key.pk])
    assert client.get(theirs).status_code == 404  # not found
    place = their_assertion.status_list_entry.pk
    assert client.get(reverse("admin:badges_statuslistentry_change", args=[place])).status_code == (
        404
    )
    # Superusers see every key, Cairn's own (no issuer) included.
    client.force_login(admin_user)
    assert listed(client, "issuerkey") == set(IssuerKey.objects.values_list("pk", flat=True))
    assert two_districts["cairn"].pk in listed(client, "issuerkey")
    assert len(listed(client, "statuslistentry")) == StatusListEntry.objects.count() == 2


def test_rotating_in_the_admin_goes_through_the_service(client, two_districts):
    issuer, key, _ = two_districts["ours"]
    _, their_key, _ = two_districts["theirs"]
    client.force_login(staff_admin_of(issuer.organization))
    response = client.post(
        reverse("admin:badges_issuerkey_changelist"),
        {"action": "rotate_selected", "_selected_action": [key.pk, their_key.pk]},
    )
    assert response.status_code == 302
    key.refresh_from_db()
    their_key.refresh_from_db()
    assert key.retired_at is not None
    assert their_key.retired_at is None  # not theirs to see, so never selected
    assert services.issuer_active_key(issuer=issuer) != key


def test_choices_are_what_the_staff_member_administers(client):
    district = DistrictFactory()
    school = SchoolFactory(parent=district)
    mine = IssuerFactory(organization=district)
    other = IssuerFactory(organization=SchoolFactory().parent)
    employer = OrganizationFactory()
    user = staff_admin_of(district)
    MembershipFactory(user=user, organization=employer, role=Membership.Role.ADMIN)
    client.force_login(user)

    issuer_form = client.get(reverse("admin:badges_issuer_add")).context["adminform"].form
    organizations = set(issuer_form.fields["organization"].queryset)
    # Their district and its schools; not another district, not an employer (which
    # endorses, never awards).
    assert organizations == {district, school}

    badge_form = client.get(reverse("admin:badges_badgeclass_add")).context["adminform"].form
    assert set(badge_form.fields["issuer"].queryset) == {mine}
    assert other not in badge_form.fields["issuer"].queryset
    assert "status" not in badge_form.fields  # moved by the workflow's actions only


def test_badge_status_moves_through_the_workflow_actions(client):
    issuer = IssuerFactory(organization=SchoolFactory().parent)
    draft = BadgeClassFactory(issuer=issuer, status=BadgeClass.Status.DRAFT)
    active = BadgeClassFactory(issuer=issuer)
    theirs = BadgeClassFactory()
    user = staff_admin_of(issuer.organization)
    client.force_login(user)
    changelist = reverse("admin:badges_badgeclass_changelist")

    def act(action, *badges):
        response = client.post(
            changelist, {"action": action, "_selected_action": [b.pk for b in badges]}, follow=True
        )
        assert response.status_code == 200
        return [str(m) for m in response.context["messages"]]

    said = act("move_archive", draft, active, theirs)
    assert "Archived 1 badge(s)." in said
    assert any("cannot become archived" in m for m in said)  # the draft: off the table
    for badge in (draft, active, theirs):
        badge.refresh_from_db()
    assert (draft.status, active.status, theirs.status) == ("draft", "archived", "active")
    (move,) = history_of(active)
    assert (move.move, move.actor) == ("archive", user)

    act("move_activate", draft)
    draft.refresh_from_db()
    assert draft.status == "active"


# Badge images through the admin: the services' checks, or nothing is saved -------------


EVIL_SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4" onload="alert(1)">'
    b'<script>alert(document.cookie)</script><rect width="4" height="4"/></svg>'
)


def badge_form_data(issuer, **extra):
    return {
        "issuer": issuer.pk,
        "slug": "admin-made",
        "name": "Made in the admin",
        "description": "A badge made in the Django admin.",
        "criteria_narrative": "Show it.",
        "audience": BadgeClass.Audience.STUDENT,
        "tags": "[]",
        **extra,
    }


def upload(name: str, data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


@pytest.fixture
def staff_of_issuer(client):
    issuer = IssuerFactory(organization=SchoolFactory().parent)
    client.force_login(staff_admin_of(issuer.organization))
    return issuer


def test_adding_a_badge_sanitizes_a_script_svg(client, staff_of_issuer):
    response = client.post(
        reverse("admin:badges_badgeclass_add"),
        badge_form_data(staff_of_issuer, upload=upload("badge.svg", EVIL_SVG)),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    badge = BadgeClass.objects.get(slug="admin-made")
    assert (badge.image_type, badge.status) == ("svg", "draft")
    stored = badge.image.read().lower()
    assert b"<script" not in stored
    assert b"onload" not in stored
    assert b"<rect" in stored
    from core.models import AuditEntry

    assert set(
        AuditEntry.objects.filter(target_id=str(badge.public_id)).values_list("action", flat=True)
    ) >= {"badgeclass.create", "badgeclass.set_image"}


@pytest.mark.parametrize(
    ("name", "data", "said"),
    [
        ("setup.exe", b"MZ\x90\x00\x03" + b"\x00" * 200, "must be PNG or SVG"),
        ("badge.png", b"MZ\x90\x00\x03" + b"\x00" * 200, "must be PNG or SVG"),
        ("bomb.png", pixel_bomb_png(), "4,096×4,096"),
        ("big.png", pixel_bomb_png(10_000, 10_000), "4,096×4,096"),
    ],
)
def test_adding_a_badge_refuses_a_bad_image_and_saves_nothing(
    client, staff_of_issuer, name, data, said
):
    response = client.post(
        reverse("admin:badges_badgeclass_add"),
        badge_form_data(staff_of_issuer, upload=upload(name, data)),
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert said in " ".join(errors["upload"])
    assert not BadgeClass.objects.filter(slug="admin-made").exists()


def test_a_badge_needs_an_image(client, staff_of_issuer):
    response = client.post(reverse("admin:badges_badgeclass_add"), badge_form_data(staff_of_issuer))
    assert response.status_code == 200
    assert "upload" in response.context["adminform"].form.errors
    assert not BadgeClass.objects.filter(slug="admin-made").exists()


def test_changing_a_badge_image_goes_through_the_check(client, staff_of_issuer):
    badge = BadgeClassFactory(issuer=staff_of_issuer)
    before = badge.image.name
    url = reverse("admin:badges_badgeclass_change", args=[badge.pk])
    fields = badge_form_data(staff_of_issuer, slug=badge.slug, name=badge.name)
    refused = client.post(url, {**fields, "upload": upload("x.exe", b"MZ" + b"\x00" * 100)})
    assert refused.status_code == 200
    badge.refresh_from_db()
    assert (badge.image.name, badge.name) == (before, badge.name)

    kept = client.post(url, {**fields, "name": "Renamed"})  # no file: the image stays
    assert kept.status_code == 302
    badge.refresh_from_db()
    assert (badge.name, badge.image.name) == ("Renamed", before)
    from core.models import AuditEntry

    assert AuditEntry.objects.filter(
        action="badgeclass.update", target_id=str(badge.public_id)
    ).exists()  # through badge_class_update

    changed = client.post(url, {**fields, "upload": upload("new.svg", EVIL_SVG)})
    assert changed.status_code == 302
    badge.refresh_from_db()
    assert badge.image_type == "svg"
    assert b"<script" not in badge.image.read().lower()


def test_badges_are_never_deleted_here(client, staff_of_issuer):
    badge = BadgeClassFactory(issuer=staff_of_issuer)
    response = client.get(reverse("admin:badges_badgeclass_delete", args=[badge.pk]))
    assert response.status_code == 403


def test_another_districts_badge_is_not_found(client, staff_of_issuer):
    theirs = BadgeClassFactory()
    assert client.get(reverse("admin:badges_badgeclass_change", args=[theirs.pk])).status_code == (
        404
    )
    assert theirs.pk not in listed(client, "badgeclass")


def test_a_badge_with_a_checked_image_bakes(client, staff_of_issuer):
    """A badge made in the admin bakes without error, PNG or sanitized SVG."""
    from badges.openbadges.baking import bake

    for name, data in (("b.svg", EVIL_SVG), ("b.png", png_bytes())):
        slug = f"bakes-{name[-3:]}"
        client.post(
            reverse("admin:badges_badgeclass_add"),
            badge_form_data(staff_of_issuer, slug=slug, upload=upload(name, data)),
        )
        badge = BadgeClass.objects.get(slug=slug)
        assert bake(badge.image.read(), '{"id": "x"}')


def test_issuers_are_made_and_changed_through_the_services(client):
    from core.models import AuditEntry

    district = DistrictFactory()
    client.force_login(staff_admin_of(district))
    made = client.post(
        reverse("admin:badges_issuer_add"),
        {
            "organization": district.pk,
            "name": "Career Center",
            "url": "career.example.org",
            "email": "cc@example.org",
        },
    )
    assert made.status_code == 302
    issuer = district.issuers.get()
    assert issuer.url == "https://career.example.org"
    changed = client.post(
        reverse("admin:badges_issuer_change", args=[issuer.pk]),
        {"name": "Career & Technical Center", "url": issuer.url, "email": issuer.email},
    )
    assert changed.status_code == 302
    issuer.refresh_from_db()
    assert issuer.name == "Career & Technical Center"
    actions = set(
        AuditEntry.objects.filter(target_id=str(issuer.public_id)).values_list("action", flat=True)
    )
    assert {"issuer.create", "issuer.update"} <= actions
