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
