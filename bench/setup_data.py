"""Create one district, badge and assertion in the bench database; print its path."""

import os
import sys

import django


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    django.setup()
    from django.urls import reverse

    from accounts.models import Organization, User
    from badges.models import Assertion, BadgeClass, Issuer
    from badges.services import badge_class_create
    from pathways.services import assertion_award
    from tests.badges.factories import png_bytes

    district, _ = Organization.objects.get_or_create(
        slug="bench-district", defaults={"name": "Bench District", "kind": "district"}
    )
    issuer, _ = Issuer.objects.get_or_create(
        organization=district,
        defaults={
            "name": "Bench Issuer",
            "url": "https://bench.example",
            "email": "b@bench.example",
        },
    )
    badge = BadgeClass.objects.filter(slug="bench-badge").first() or badge_class_create(
        actor=None,
        issuer=issuer,
        slug="bench-badge",
        name="Bench Badge",
        description="Measured.",
        criteria_narrative="Be fast.",
        audience="educator",
        image=png_bytes(),
        status="active",
    )
    # Other rows, so the lookup is not against a nearly empty table.
    for i in range(300):
        user, _ = User.objects.get_or_create(email=f"bench{i}@bench.example")
        assertion_award(actor=None, badge_class=badge, recipient=user)
    a = Assertion.objects.filter(badge_class=badge).order_by("pk").first()
    sys.stdout.write(reverse("ob2:assertion", kwargs={"public_id": a.public_id}) + "\n")


if __name__ == "__main__":
    main()
