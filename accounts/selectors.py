"""Reads for accounts that several apps share."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from . import permissions
from .models import DistrictSettings, Membership, Organization, ProfileRequest, User
from .scopes import district_id_of, home_ids_of


def district_settings_of(org: Organization | None) -> DistrictSettings:
    """The settings of `org`'s district (a school asks its district), or the defaults
    (unsaved) when the district has none or `org` belongs to no district."""
    district_id = district_id_of(org) if org is not None else None
    if district_id is not None:
        found = DistrictSettings.objects.filter(district_id=district_id).first()
        if found is not None:
            return found
    return DistrictSettings(district_id=district_id)


# A minor's public profile ---------------------------------------------------------------

Approval = DistrictSettings.MinorProfileApproval
_STRICTNESS = {Approval.NONE: 0, Approval.ADMIN: 1, Approval.GUARDIAN: 2}


@dataclass(frozen=True)
class ProfileApproval:
    """What switching `user`'s public profile on needs: nothing (`none`), a district
    admin's approval (`admin`), or a district admin's confirmation that a parent or
    guardian agreed (`guardian`); and the district whose admins decide (none: Cairn's
    operators, for a minor in no district)."""

    required: str
    district: Organization | None

    @property
    def needed(self) -> bool:
        return self.required != Approval.NONE


def profile_approval_of(*, user: User) -> ProfileApproval:
    """An adult needs nothing; a minor needs what their district (of their student
    memberships) asks — the strictest, if they are in several."""
    if not user.is_minor:
        return ProfileApproval(required=Approval.NONE, district=None)
    homes = home_ids_of(user, [Membership.Role.STUDENT]) or home_ids_of(user)
    districts = list(
        Organization.objects.filter(pk__in=homes, kind=Organization.Kind.DISTRICT).order_by(
            "name", "pk"
        )
    )
    if not districts:
        return ProfileApproval(
            required=district_settings_of(None).minor_profile_approval, district=None
        )
    found = {
        row.district_id: row.minor_profile_approval
        for row in DistrictSettings.objects.filter(district__in=districts)
    }
    default = DistrictSettings._meta.get_field("minor_profile_approval").default
    strictest = max(districts, key=lambda d: _STRICTNESS[found.get(d.pk, default)])
    return ProfileApproval(required=found.get(strictest.pk, default), district=strictest)


def profile_request_pending(*, user: User) -> ProfileRequest | None:
    """`user`'s request for a public profile that waits for a decision, if any."""
    return ProfileRequest.objects.filter(user=user, status=ProfileRequest.Status.PENDING).first()


def profile_request_latest(*, user: User) -> ProfileRequest | None:
    """`user`'s most recent request for a public profile (any status)."""
    return ProfileRequest.objects.filter(user=user).order_by("-created_at", "-pk").first()


def profile_requests_to_decide(*, user: User) -> QuerySet[ProfileRequest]:
    """The requests waiting for `user`'s decision, oldest first."""
    return (
        permissions.profile_requests.queryset(user, "decide")
        .filter(status=ProfileRequest.Status.PENDING)
        .select_related("user", "district")
        .order_by("created_at", "pk")
    )
