"""What a person manages: issuers, badge classes, credit agreements, endorsements, and
the organizations they may record agreements and endorsements for (the policies'
querysets, `badges.permissions`)."""

from __future__ import annotations

from django.db.models import QuerySet

from accounts.models import Organization, User
from accounts.scopes import organizations_administered

from .. import permissions
from ..models import BadgeClass, CreditAgreement, Endorsement, Issuer


def issuers_managed_by(*, user: User) -> QuerySet[Issuer]:
    """Issuers whose badges `user` awards and manages (and builds pathways from)."""
    return (
        permissions.issuers.queryset(user, "manage").select_related("organization").order_by("name")
    )


def badge_classes_managed_by(*, user: User) -> QuerySet[BadgeClass]:
    """Badge classes of the issuers `user` manages, archived ones left out."""
    return (
        permissions.badge_classes.queryset(user, "manage")
        .exclude(status=BadgeClass.Status.ARCHIVED)
        .select_related("issuer")
        .order_by("name")
    )


def agreements_managed_by(*, user: User) -> QuerySet[CreditAgreement]:
    """Agreements of colleges `user` administers, or on badges of issuers they manage."""
    return permissions.credit_agreements.queryset(user, "manage").select_related(
        "institution", "badge_class"
    )


def endorsements_managed_by(*, user: User) -> QuerySet[Endorsement]:
    return permissions.endorsements.queryset(user, "manage").select_related(
        "endorser", "badge_class"
    )


def _recordable(user: User, orgs: QuerySet[Organization]) -> QuerySet[Organization]:
    if user.is_superuser or issuers_managed_by(user=user).exists():
        return orgs
    return orgs.filter(pk__in=organizations_administered(user).values("pk"))


def colleges_for(*, user: User) -> QuerySet[Organization]:
    """Colleges `user` may record an agreement for: their own, or any if they manage an
    issuer (recording what a college signed)."""
    return _recordable(
        user, Organization.objects.filter(kind=Organization.Kind.COLLEGE).order_by("name")
    )


def endorsers_for(*, user: User) -> QuerySet[Organization]:
    """Employers and associations `user` may record an endorsement for (as for colleges)."""
    return _recordable(
        user, Organization.objects.filter(kind__in=permissions.ENDORSER_KINDS).order_by("name")
    )
