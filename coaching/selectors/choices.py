"""What the coaching forms offer, read once per request so that forms render without
queries: educator competencies, published modules, active educator badges."""

from __future__ import annotations

from django.db.models import Q

from badges.models import BadgeClass
from competencies.models import Competency, Framework
from courses.models import Module


def educator_competencies() -> list[Competency]:
    """The educator frameworks' competencies: those aligned to educator badges or to
    modules."""
    frameworks = Framework.objects.filter(
        Q(competencies__badge_classes__audience=BadgeClass.Audience.EDUCATOR)
        | Q(competencies__modules__isnull=False)
    ).values("pk")
    return list(
        Competency.objects.filter(framework__in=frameworks).order_by(
            "framework__title", "list_order", "code", "pk"
        )
    )


def published_modules() -> list[Module]:
    return list(Module.objects.filter(status=Module.Status.PUBLISHED).order_by("title", "pk"))


def educator_badges() -> list[BadgeClass]:
    return list(
        BadgeClass.objects.filter(
            audience=BadgeClass.Audience.EDUCATOR, status=BadgeClass.Status.ACTIVE
        ).order_by("name")
    )
