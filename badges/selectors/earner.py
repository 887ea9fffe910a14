"""What the earner's own pages show — my badges (and the API's list of them), the
public profile, the wallet hand-off, the learner record choice — as dataclasses with
their hosted URLs.

Built on `badges.hosting`, so imported from this module, not from `badges.selectors`.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlencode

from accounts.models import User

from .. import hosting, permissions
from ..hosting import credentials
from ..models import Assertion, BadgeClass, Issuer
from .held import (
    assertions_for_record,
    assertions_marked_public,
    assertions_public_for_profile,
    public_profile_owner,
)
from .keys import assertion_for_credential
from .pages import verify_link


def linkedin_url(assertion: Assertion) -> str:
    """LinkedIn's "add a certification" form, filled in with the badge."""
    issued = assertion.issued_on
    params = {
        "startTask": "CERTIFICATION_NAME",
        "name": assertion.badge_class.name,
        "organizationName": assertion.badge_class.issuer.name,
        "issueYear": issued.year,
        "issueMonth": issued.month,
        "certUrl": hosting.assertion_url(assertion),
        "certId": str(assertion.public_id),
    }
    if assertion.expires_at:
        params["expirationYear"] = assertion.expires_at.year
        params["expirationMonth"] = assertion.expires_at.month
    return "https://www.linkedin.com/profile/add?" + urlencode(params)


@dataclass(frozen=True)
class HeldBadge:
    """One of my badges, with its downloads and share links (none for 3.0 once revoked)."""

    assertion: Assertion
    badge_class: BadgeClass
    status: str  # valid, expired or revoked
    url: str  # the hosted assertion
    badge_url: str
    image_url: str
    baked_png: str
    baked_svg: str
    linkedin: str
    ob3_json: str
    ob3_baked: str
    ob3_wallet: str


def held_badge(*, assertion: Assertion) -> HeldBadge:
    """`assertion` (from `assertions_held_by`) as my badges list it; no query."""
    badge_class = assertion.badge_class
    kind = badge_class.image_type
    revoked = assertion.revoked_at is not None
    return HeldBadge(
        assertion=assertion,
        badge_class=badge_class,
        status=assertion.status,
        url=hosting.assertion_url(assertion),
        badge_url=hosting.badge_class_url(badge_class),
        image_url=hosting.badge_image_url(badge_class),
        baked_png=hosting.baked_url(assertion, "png") if kind == "png" else "",
        baked_svg=hosting.baked_url(assertion, "svg") if kind == "svg" else "",
        linkedin=linkedin_url(assertion),
        ob3_json="" if revoked else credentials.credential_url(assertion) + "?download=1",
        ob3_baked="" if revoked else credentials.credential_baked_url(assertion, kind),
        ob3_wallet="" if revoked else credentials.credential_wallet_url(assertion),
    )


def held_badges(*, assertions: Iterable[Assertion]) -> list[HeldBadge]:
    return [held_badge(assertion=a) for a in assertions]


@dataclass(frozen=True)
class ProfileBadge:
    assertion: Assertion
    badge_class: BadgeClass
    url: str
    image_url: str


@dataclass(frozen=True)
class ProfilePage:
    owner: User
    rows: list[ProfileBadge]


def _profile_rows(assertions: Iterable[Assertion]) -> list[ProfileBadge]:
    return [
        ProfileBadge(
            assertion=a,
            badge_class=a.badge_class,
            url=hosting.assertion_url(a),
            image_url=hosting.badge_image_url(a.badge_class),
        )
        for a in assertions
    ]


def public_profile(*, public_id: uuid.UUID) -> ProfilePage | None:
    """An earner's public profile: opt-in, and only the badges they marked public."""
    owner = public_profile_owner(public_id=public_id)
    if owner is None:
        return None
    return ProfilePage(owner=owner, rows=_profile_rows(assertions_public_for_profile(owner=owner)))


def profile_preview(*, user: User) -> ProfilePage:
    """`user`'s own profile as the public sees it once it is on (on or not)."""
    return ProfilePage(owner=user, rows=_profile_rows(assertions_marked_public(owner=user)))


@dataclass(frozen=True)
class WalletPage:
    assertion: Assertion
    badge_class: BadgeClass
    issuer: Issuer
    status: str
    credential_url: str
    json_download_url: str
    jwt_download_url: str
    baked_url: str
    baked_kind: str  # PNG or SVG
    verify_url: str


def wallet_page(*, user: User, public_id: uuid.UUID) -> WalletPage | None:
    """The earner's hand-off of a credential to a wallet; None unless `user` holds it and
    it is not revoked."""
    assertion = assertion_for_credential(public_id=public_id)
    if (
        assertion is None
        or assertion.revoked_at is not None
        or not permissions.can_view_assertion_owner_page(user, assertion)
    ):
        return None
    badge_class = assertion.badge_class
    credential_url = credentials.credential_url(assertion)
    return WalletPage(
        assertion=assertion,
        badge_class=badge_class,
        issuer=badge_class.issuer,
        status=assertion.status,
        credential_url=credential_url,
        json_download_url=f"{credential_url}?download=1",
        jwt_download_url=f"{credentials.credential_jwt_url(assertion)}?download=1",
        baked_url=credentials.credential_baked_url(assertion, badge_class.image_type),
        baked_kind=badge_class.image_type.upper(),
        verify_url=verify_link(credential_url),
    )


@dataclass(frozen=True)
class RecordChoice:
    """What may go in my learner record: public badges always, private ones if ticked."""

    held: list[Assertion]
    public: list[Assertion]
    private: list[Assertion]

    def chosen(self, ticked: Iterable[str]) -> list[Assertion]:
        """The public badges and the private ones whose public ids are `ticked`."""
        wanted = set(ticked)
        return self.public + [a for a in self.private if str(a.public_id) in wanted]


def record_choice(*, user: User) -> RecordChoice:
    held = list(assertions_for_record(user=user))
    return RecordChoice(
        held=held,
        public=[a for a in held if a.is_public],
        private=[a for a in held if not a.is_public],
    )
