"""Badge classes: created with a checked image, moved through their workflow."""

import pytest

from badges import services
from badges.models import BadgeClass
from tests.badges.factories import png_bytes
from tests.badges.support import admin_of

pytestmark = pytest.mark.django_db


def test_badge_class_create_sanitizes_svg_and_refuses_bad_image():
    from tests.badges.factories import IssuerFactory

    issuer = IssuerFactory()
    admin = admin_of(issuer.organization)
    evil = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script><rect width="1" height="1"/></svg>'
    badge = services.badge_class_create(
        actor=admin,
        issuer=issuer,
        slug="svg-badge",
        name="SVG",
        description="d",
        criteria_narrative="c",
        audience="educator",
        image=evil,
    )
    stored = badge.image.read()
    assert b"<script" not in stored
    assert badge.image_type == "svg"
    with pytest.raises(Exception, match="PNG or SVG"):
        services.badge_class_create(
            actor=admin,
            issuer=issuer,
            slug="exe",
            name="E",
            description="d",
            criteria_narrative="c",
            audience="educator",
            image=b"MZ\x90\x00" + b"\x00" * 64,
        )
    assert not BadgeClass.objects.filter(slug="exe").exists()
    png_badge = services.badge_class_create(
        actor=admin,
        issuer=issuer,
        slug="png-badge",
        name="P",
        description="d",
        criteria_narrative="c",
        audience="student",
        image=png_bytes(),
    )
    assert png_badge.image_type == "png"


# badge_class_update and badge_class_set_alignments ----------------------------------


def test_badge_class_update_changes_the_fields_given_and_audits():
    from core.models import AuditEntry
    from tests.badges.factories import BadgeClassFactory

    badge = BadgeClassFactory(valid_for_days=None)
    admin = admin_of(badge.issuer.organization)
    updated = services.badge_class_update(
        actor=admin, badge_class=badge, name="  New name ", valid_for_days=30
    )
    assert (updated.name, updated.valid_for_days) == ("New name", 30)
    entry = AuditEntry.objects.get(action="badgeclass.update")
    assert entry.data == {"changed": ["name", "valid_for_days"], "image": False}


def test_badge_class_update_is_refused_to_others_and_for_fixed_fields():
    from core.errors import Forbidden
    from tests.accounts.factories import DistrictFactory
    from tests.badges.factories import BadgeClassFactory

    badge = BadgeClassFactory()
    with pytest.raises(Forbidden):
        services.badge_class_update(
            actor=admin_of(DistrictFactory()), badge_class=badge, name="Mine"
        )
    with pytest.raises(services.BadgeError, match="cannot be changed here"):
        services.badge_class_update(actor=None, badge_class=badge, slug="other", status="active")


@pytest.mark.parametrize(
    ("values", "code"),
    [
        ({"name": " "}, "name"),
        ({"credit_hours": 2}, "credit_institution"),
        ({"valid_for_days": 0}, "valid_for_days"),
        ({"audience": "pets"}, "audience"),
    ],
)
def test_badge_class_update_refuses_bad_values(values, code):
    from tests.badges.factories import BadgeClassFactory

    badge = BadgeClassFactory(name="Kept")
    with pytest.raises(services.BadgeError) as refused:
        services.badge_class_update(actor=None, badge_class=badge, **values)
    assert refused.value.code == code
    badge.refresh_from_db()
    assert badge.name == "Kept"


def test_badge_class_update_with_a_bad_image_changes_nothing():
    from tests.badges.factories import BadgeClassFactory, pixel_bomb_png

    badge = BadgeClassFactory(name="Kept")
    image = badge.image.name
    with pytest.raises(services.BadgeError) as refused:
        services.badge_class_update(
            actor=None, badge_class=badge, name="Changed", image=pixel_bomb_png()
        )
    assert refused.value.code == "bad_image"
    badge.refresh_from_db()
    assert (badge.name, badge.image.name) == ("Kept", image)


def test_badge_class_set_alignments_adds_and_removes():
    from tests.badges.factories import BadgeClassFactory
    from tests.competencies.factories import CompetencyFactory

    badge = BadgeClassFactory()
    a, b = CompetencyFactory(), CompetencyFactory()
    badge.alignments.add(a)
    admin = admin_of(badge.issuer.organization)
    assert services.badge_class_set_alignments(
        actor=admin, badge_class=badge, add=[b], remove=[a]
    ) == [b]
