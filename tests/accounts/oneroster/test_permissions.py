"""Who may import a district's roster (`roster_imports`, action "administer"): its
district admins and superusers; not a school's admins, teachers, other districts."""

import pytest

from accounts.models import Membership, Organization, RosterImport
from accounts.oneroster import read_package, roster_import
from accounts.oneroster.permissions import imports_visible_to, may_import, roster_imports
from core.errors import Forbidden, ServiceError
from tests.accounts.factories import (
    DistrictFactory,
    MembershipFactory,
    OrganizationFactory,
    SchoolFactory,
    UserFactory,
)
from tests.policies import check_policy

from .conftest import DATA

pytestmark = pytest.mark.django_db

Role = Membership.Role


@pytest.fixture
def world(riverbend):
    school = SchoolFactory(parent=riverbend)
    other = DistrictFactory()
    employer = OrganizationFactory()
    people = {
        "district_admin": MembershipFactory(organization=riverbend, role=Role.ADMIN).user,
        "school_admin": MembershipFactory(organization=school, role=Role.ADMIN).user,
        "teacher": MembershipFactory(organization=school, role=Role.TEACHER).user,
        "other_admin": MembershipFactory(organization=other, role=Role.ADMIN).user,
        "employer_admin": MembershipFactory(organization=employer, role=Role.ADMIN).user,
        "superuser": UserFactory(is_superuser=True, is_staff=True),
        "outsider": UserFactory(),
    }
    inactive = MembershipFactory(organization=riverbend, role=Role.ADMIN).user
    inactive.is_active = False
    inactive.save(update_fields=["is_active"])
    people["inactive_admin"] = inactive
    return people, [riverbend, school, other, employer]


def test_the_policy_agrees_with_itself_and_says_who(world, riverbend):
    people, orgs = world
    school, other, employer = orgs[1:]
    checked = check_policy(
        roster_imports,
        "administer",
        people,
        orgs,
        expect=[
            ("district_admin", riverbend, True),
            ("superuser", riverbend, True),
            ("superuser", other, True),
            ("district_admin", other, False),
            ("school_admin", riverbend, False),
            ("teacher", riverbend, False),
            ("other_admin", riverbend, False),
            ("employer_admin", employer, False),  # not a district
            ("superuser", school, False),
            ("superuser", employer, False),
            ("inactive_admin", riverbend, False),
            ("outsider", riverbend, False),
        ],
    )
    assert checked == len(people) * len(orgs)


def test_the_import_asks_the_policy(world, riverbend, today):
    people, _ = world
    package = read_package(DATA / "bulk_1_2")
    for key in ("school_admin", "teacher", "other_admin"):
        assert not may_import(people[key], riverbend)
        with pytest.raises(Forbidden, match="You may not import the roster of Riverbend"):
            roster_import(actor=people[key], district=riverbend, package=package)
    report = roster_import(actor=people["district_admin"], district=riverbend, package=package)
    assert report.totals["created"] == 32


def test_imports_go_to_districts_only(world):
    people, orgs = world
    school = orgs[1]
    with pytest.raises(ServiceError, match="is not a school district"):
        roster_import(
            actor=people["superuser"], district=school, package=read_package(DATA / "bulk_1_2")
        )
    assert Organization.objects.filter(parent=school).count() == 0


def test_the_jobs_an_admin_sees(world, riverbend):
    people, orgs = world
    mine = RosterImport.objects.create(district=riverbend, source=RosterImport.Source.UPLOAD)
    theirs = RosterImport.objects.create(district=orgs[2], source=RosterImport.Source.UPLOAD)
    assert list(imports_visible_to(people["district_admin"])) == [mine]
    assert set(imports_visible_to(people["superuser"])) == {mine, theirs}
    assert not imports_visible_to(people["school_admin"]).exists()
