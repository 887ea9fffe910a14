"""competencies.permissions: who imports frameworks, whose staged imports are whose."""

from __future__ import annotations

import pytest

from accounts.models import Membership
from competencies.models import FrameworkImport
from competencies.permissions import importers, imports, may_import
from tests.accounts.factories import (
    DistrictFactory,
    MembershipFactory,
    OrganizationFactory,
    SchoolFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
ADMIN = Membership.Role.ADMIN


def test_a_district_admin_imports_for_their_district() -> None:
    district = DistrictFactory()
    admin = MembershipFactory(organization=district, role=ADMIN).user
    assert may_import(admin)
    assert importers.allows(admin, "import", district)
    assert admin in importers.users("import", district)
    assert not importers.allows(admin, "import", DistrictFactory())


@pytest.mark.parametrize("where", ["school", "employer"])
def test_a_school_or_employer_admin_does_not_import(where) -> None:
    org = SchoolFactory() if where == "school" else OrganizationFactory()
    user = MembershipFactory(organization=org, role=ADMIN).user
    assert not may_import(user)
    assert user not in importers.users("import", org)


def test_a_teacher_or_anonymous_does_not_import() -> None:
    teacher = MembershipFactory(role=Membership.Role.TEACHER).user
    assert not may_import(teacher)
    assert not may_import(None)


def test_a_superuser_imports_even_before_any_district() -> None:
    assert may_import(UserFactory(is_superuser=True))


def test_a_staged_import_is_its_authors_until_imported() -> None:
    author = MembershipFactory(role=ADMIN).user
    other = MembershipFactory(role=ADMIN).user
    staged = FrameworkImport.objects.create(
        created_by=author, source_name="x.json", data=b"{}", sha256="0" * 64
    )
    assert imports.allows(author, "view", staged)
    assert imports.allows(author, "run", staged)
    assert not imports.allows(other, "view", staged)
    assert list(imports.users("run", staged)) == [author]
    # No longer a district admin: neither.
    Membership.objects.filter(user=author).delete()
    assert not imports.allows(author, "view", staged)
