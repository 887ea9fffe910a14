"""Issuers made and changed through their services: by the admins of the organization
(or its district), never for an endorser, checked and audited."""

import pytest

from accounts.models import Membership
from badges import services
from badges.errors import BadgeError
from core.errors import Forbidden
from core.models import AuditEntry
from tests.accounts.factories import DistrictFactory, MembershipFactory, OrganizationFactory
from tests.badges.factories import IssuerFactory
from tests.badges.support import admin_of

pytestmark = pytest.mark.django_db

PROFILE = {
    "name": "Valley Credentials",
    "url": "https://valley.example.org",
    "email": "c@valley.example.org",
}


def test_an_admin_makes_an_issuer_for_their_district():
    district = DistrictFactory()
    admin = admin_of(district)
    issuer = services.issuer_create(
        actor=admin, organization=district, **PROFILE, description=" Hi "
    )
    assert (issuer.organization, issuer.description) == (district, "Hi")
    assert AuditEntry.objects.get(action="issuer.create").actor == admin


def test_no_one_else_makes_one():
    district = DistrictFactory()
    teacher = MembershipFactory(organization=district, role=Membership.Role.TEACHER).user
    with pytest.raises(Forbidden):
        services.issuer_create(actor=teacher, organization=district, **PROFILE)
    with pytest.raises(Forbidden):
        services.issuer_create(actor=admin_of(DistrictFactory()), organization=district, **PROFILE)


def test_an_endorser_gets_no_issuing_profile():
    employer = OrganizationFactory()
    with pytest.raises(BadgeError, match="endorses"):
        services.issuer_create(actor=admin_of(employer), organization=employer, **PROFILE)


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("name", " ", "issuer_name"),
        ("url", "ftp://x", "issuer_url"),
        ("email", "x@", "issuer_email"),
    ],
)
def test_bad_values_are_refused_by_code(field, value, code):
    issuer = IssuerFactory()
    with pytest.raises(BadgeError) as refused:
        services.issuer_update(actor=None, issuer=issuer, **{**PROFILE, field: value})
    assert refused.value.code == code
    issuer.refresh_from_db()
    assert issuer.name != PROFILE["name"]


def test_an_admin_changes_the_profile_and_it_is_audited():
    issuer = IssuerFactory()
    admin = admin_of(issuer.organization)
    changed = services.issuer_update(actor=admin, issuer=issuer, **{**PROFILE, "url": issuer.url})
    assert changed.name == PROFILE["name"]
    entry = AuditEntry.objects.get(action="issuer.update")
    assert entry.data == {"changed": ["email", "name"]}
    # Saving the same values again changes and audits nothing.
    services.issuer_update(actor=admin, issuer=issuer, **{**PROFILE, "url": issuer.url})
    assert AuditEntry.objects.filter(action="issuer.update").count() == 1


def test_another_districts_admin_may_not_change_it():
    issuer = IssuerFactory()
    with pytest.raises(Forbidden):
        services.issuer_update(actor=admin_of(DistrictFactory()), issuer=issuer, **PROFILE)
