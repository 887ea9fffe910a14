"""The accounts models: people and their organizations, district settings, identity
providers and the roster imported from the district's SIS."""

from .district import DistrictSettings, ProfileRequest
from .identity import IdentityProvider
from .people import Membership, Organization, Placement, Section, User, UserManager
from .roster import RosterConnection, RosterImport, RosterImportProblem, RosterRecord

__all__ = [
    "DistrictSettings",
    "IdentityProvider",
    "Membership",
    "Organization",
    "Placement",
    "ProfileRequest",
    "RosterConnection",
    "RosterImport",
    "RosterImportProblem",
    "RosterRecord",
    "Section",
    "User",
    "UserManager",
]
