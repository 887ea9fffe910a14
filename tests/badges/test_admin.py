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
from tests.badges.factories import BadgeClassFactory, IssuerFactory
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
