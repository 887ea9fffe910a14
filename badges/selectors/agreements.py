"""Credit agreements and endorsements published with a badge."""

from __future__ import annotations

from django.utils import timezone

from ..models import BadgeClass, CreditAgreement, Endorsement


def credit_agreements_in_effect(*, badge_class: BadgeClass) -> list[CreditAgreement]:
    """Agreements on this badge (a pathway's are on its badge) that apply today."""
    return list(
        CreditAgreement.objects.filter(
            badge_class=badge_class,
            status=CreditAgreement.Status.ACTIVE,
            effective_from__lte=timezone.localdate(),
        )
        .select_related("institution")
        .order_by("effective_from", "pk")
    )


def endorsements_of(*, badge_class: BadgeClass) -> list[Endorsement]:
    """The badge's active endorsements, oldest first."""
    return list(
        Endorsement.objects.filter(badge_class=badge_class, status=Endorsement.Status.ACTIVE)
        .select_related("endorser", "issuer")
        .order_by("endorsed_on", "pk")
    )
