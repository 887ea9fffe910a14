"""Reads behind Open Badges 3.0: credentials, published keys and status lists."""

from __future__ import annotations

import uuid

from django.db.models import Exists, Max, OuterRef

from competencies.models import Competency

from ..models import Assertion, BadgeClass, Endorsement, Issuer, IssuerKey, StatusListEntry


def assertion_for_credential(*, public_id: uuid.UUID) -> Assertion | None:
    """An assertion with all a credential needs but alignments, agreements and
    endorsements (one query); ``badge_endorsed`` says whether there are endorsements.

    Anyone holding the link may fetch the credential, as with the hosted 2.0 assertion.
    """
    endorsed = Endorsement.objects.filter(
        badge_class=OuterRef("badge_class"), status=Endorsement.Status.ACTIVE
    )
    return (
        Assertion.objects.select_related(
            "badge_class__issuer",
            "badge_class__cte_competency__framework",
            "status_list_entry",
        )
        .annotate(badge_endorsed=Exists(endorsed))
        .filter(public_id=public_id)
        .first()
    )


def competencies_of(*, badge_class: BadgeClass) -> list[Competency]:
    return list(
        Competency.objects.filter(badge_classes=badge_class)
        .select_related("framework")
        .order_by("pk")
    )


def issuer_for_keys(*, public_id: uuid.UUID) -> Issuer | None:
    return Issuer.objects.filter(public_id=public_id).first()


def published_keys(*, issuer: Issuer | None) -> list[IssuerKey]:
    """Every key the issuer (None: Cairn) ever signed with, active and retired, oldest first."""
    return list(IssuerKey.objects.filter(issuer=issuer).order_by("created_at", "pk"))


def published_key(*, issuer_public_id: uuid.UUID | None, kid: str) -> IssuerKey | None:
    """One published key of an issuer (None: Cairn's own), retired ones included."""
    keys = IssuerKey.objects.filter(kid=kid)
    if issuer_public_id is None:
        keys = keys.filter(issuer__isnull=True)
    else:
        keys = keys.filter(issuer__public_id=issuer_public_id)
    return keys.first()


def status_list_state(*, issuer: Issuer) -> tuple[list[int], int]:
    """(indexes of the issuer's revoked assertions, the highest index allocated, or -1)."""
    revoked = list(
        StatusListEntry.objects.filter(issuer=issuer, assertion__revoked_at__isnull=False)
        .order_by("index")
        .values_list("index", flat=True)
    )
    highest = StatusListEntry.objects.filter(issuer=issuer).aggregate(highest=Max("index"))[
        "highest"
    ]
    return revoked, -1 if highest is None else highest
