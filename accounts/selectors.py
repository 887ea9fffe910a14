"""Reads for accounts that several apps share."""

from __future__ import annotations

from .models import DistrictSettings, Organization
from .scopes import district_id_of


def district_settings_of(org: Organization | None) -> DistrictSettings:
    """The settings of `org`'s district (a school asks its district), or the defaults
    (unsaved) when the district has none or `org` belongs to no district."""
    district_id = district_id_of(org) if org is not None else None
    if district_id is not None:
        found = DistrictSettings.objects.filter(district_id=district_id).first()
        if found is not None:
            return found
    return DistrictSettings(district_id=district_id)
