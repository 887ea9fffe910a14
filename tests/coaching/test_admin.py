"""The Django admin asks the coaching policies: a district admin on the staff sees their
district's assignments and no session; a superuser sees sessions without private notes."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from coaching.models import CoachingAssignment
from tests.accounts.factories import MembershipFactory, SchoolFactory
from tests.coaching.support import PRIVATE, SHARED, log, text

pytestmark = pytest.mark.django_db


def _staff(user):
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="coaching", codename__startswith="view")
    )
    return user


def test_district_admins_see_their_assignments_only(caseload, client):
    c = caseload
    log(c)
    theirs = MembershipFactory(organization=SchoolFactory().parent, role="admin").user
    listing = reverse("admin:coaching_coachingassignment_changelist")
    client.force_login(_staff(c.admin))
    assert client.get(listing).context["cl"].result_count == 3
    sessions = client.get(reverse("admin:coaching_coachingsession_changelist"))
    assert sessions.context["cl"].result_count == 0
    client.force_login(_staff(theirs))
    assert client.get(listing).context["cl"].result_count == 0
    one = CoachingAssignment.objects.first()
    change = reverse("admin:coaching_coachingassignment_change", args=[one.pk])
    assert client.get(change).status_code == 404  # not found


def test_superusers_read_sessions_without_private_notes(caseload, client, admin_user):
    c = caseload
    session = log(c)
    client.force_login(admin_user)
    change = client.get(reverse("admin:coaching_coachingsession_change", args=[session.pk]))
    assert change.status_code == 200
    assert SHARED in text(change)
    assert PRIVATE not in text(change)
    assert 'name="private_notes"' not in change.content.decode()
    listing = client.get(reverse("admin:coaching_coachingsession_changelist"))
    assert PRIVATE not in text(listing)
    # Nor can the list be filtered on them.
    probe = client.get(
        reverse("admin:coaching_coachingsession_changelist"), {"private_notes__startswith": "S"}
    )
    assert probe.status_code in (302, 400)
