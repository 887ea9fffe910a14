"""Reads for single sign-on: who may still sign in with a password, the login page's
provider buttons, and a district's providers as the console shows them."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from ..models import DistrictSettings, IdentityProvider, Membership, Organization, User
from .permissions import identity_providers

DISTRICT = Organization.Kind.DISTRICT
SCHOOL = Organization.Kind.SCHOOL


# Password sign-in ---------------------------------------------------------------------


@dataclass(frozen=True)
class PasswordRefusal:
    """Why a person may not sign in with a password: their districts (all of which
    switched password sign-in off) and those districts' enabled providers."""

    districts: list[str]
    providers: list[tuple[str, str]]  # (button label, kind)

    def _districts(self) -> str:
        return _(" and ").join(self.districts)

    def _parts(self) -> dict[str, str]:
        kinds = sorted({kind for _label, kind in self.providers})
        return {
            "district": self._districts(),
            "kinds": _(" or ").join(kinds),
            "labels": _(" or ").join(f"“{label}”" for label, _kind in self.providers),
        }

    def _no_provider(self) -> str:
        return _(
            "%(district)s has switched off password sign-in and has no sign-in provider "
            "switched on. Ask your school's Cairn administrator."
        ) % {"district": self._districts()}

    def message(self) -> str:
        """For the login page (the buttons are above the form)."""
        if not self.providers:
            return self._no_provider()
        if len(self.providers) == 1:
            return _("%(district)s signs in with %(kinds)s: use the %(labels)s button above.") % (
                self._parts()
            )
        return _(
            "%(district)s signs in with its own accounts: use one of the buttons above "
            "(%(buttons)s)."
        ) % {
            "district": self._districts(),
            "buttons": ", ".join(f"“{label}”" for label, _kind in self.providers),
        }

    def mail_message(self) -> str:
        """For the mail answering a password reset."""
        if not self.providers:
            return self._no_provider()
        return (
            _(
                "%(district)s signs in with %(kinds)s: use the %(labels)s button on Cairn's "
                "sign-in page. There is no Cairn password to reset."
            )
            % self._parts()
        )

    def api_message(self) -> str:
        """For the token endpoint, which has no buttons."""
        return _(
            "%(district)s has switched off password sign-in, so its people cannot get an API "
            "token with a password."
        ) % {"district": self._districts()}


def password_refusal(user: User) -> PasswordRefusal | None:
    """None when `user` may sign in with a password; else why not. A person may, unless
    every district they belong to (by membership of it or of one of its schools) has
    switched password sign-in off. Superusers always may. Two queries at most."""
    if user.is_superuser or user.pk is None:
        return None
    member = Membership.objects.filter(
        Q(organization_id=OuterRef("pk")) | Q(organization__parent_id=OuterRef("pk")),
        user_id=user.pk,
    )
    off = DistrictSettings.objects.filter(district_id=OuterRef("pk"), password_sign_in=False)
    districts = list(
        Organization.objects.filter(Exists(member), kind=DISTRICT)
        .annotate(off=Exists(off))
        .values_list("pk", "name", "off")
        .order_by("name")
    )
    if not districts or not all(is_off for _pk, _name, is_off in districts):
        return None
    providers = [
        (label, str(IdentityProvider.Kind(kind).label))
        for label, kind in IdentityProvider.objects.filter(
            district_id__in=[pk for pk, _name, _off in districts], enabled=True
        )
        .order_by("district__name", "name")
        .values_list("name", "kind")
    ]
    return PasswordRefusal(districts=[name for _pk, name, _off in districts], providers=providers)


def password_sign_in_allowed(user: User) -> bool:
    """May `user` sign in with a password (the login form, the admin's login, the API
    token, a password reset)? The one rule every door asks."""
    return password_refusal(user) is None


# The login page -----------------------------------------------------------------------


@dataclass(frozen=True)
class ProviderButton:
    label: str
    login_url: str


@dataclass(frozen=True)
class DistrictButtons:
    district: str
    slug: str
    buttons: list[ProviderButton]


def _login_url(idp: IdentityProvider) -> str:
    """allauth's address that starts a sign-in through `idp` (a POST)."""
    from .apps import provider_of

    provider = provider_of(idp.kind)
    if provider == "saml":
        return reverse("saml_login", kwargs={"organization_slug": idp.slug})
    return reverse(f"{provider}_login", kwargs={"provider_id": idp.slug})


def login_buttons(*, district_slug: str = "") -> list[DistrictButtons]:
    """The enabled providers, grouped by district name (one query); only one district's
    with `district_slug`."""
    rows = IdentityProvider.objects.filter(enabled=True).order_by("district__name", "name")
    if district_slug:
        rows = rows.filter(district__slug=district_slug)
    groups: dict[str, DistrictButtons] = {}
    for idp in rows.select_related("district").only(
        "slug", "name", "kind", "district__name", "district__slug"
    ):
        group = groups.setdefault(
            idp.district.slug,
            DistrictButtons(district=idp.district.name, slug=idp.district.slug, buttons=[]),
        )
        group.buttons.append(ProviderButton(label=idp.name, login_url=_login_url(idp)))
    return list(groups.values())


# The console ---------------------------------------------------------------------------


def identity_providers_for(user: User) -> QuerySet[IdentityProvider]:
    """The providers `user` administers, with their districts."""
    return (
        identity_providers.queryset(user, "administer")
        .select_related("district")
        .order_by("district__name", "name")
    )


def districts_for(user: User) -> QuerySet[Organization]:
    """The districts whose providers `user` may add: their admins' (all for superusers)."""
    districts = Organization.objects.filter(kind=DISTRICT).order_by("name")
    if user.is_superuser:
        return districts
    admin_of = Membership.objects.filter(user_id=user.pk, role=Membership.Role.ADMIN)
    return districts.filter(pk__in=admin_of.values("organization_id"))


@dataclass(frozen=True)
class ProviderAddress:
    label: str
    url: str


def provider_addresses(request: HttpRequest, idp: IdentityProvider) -> list[ProviderAddress]:
    """What the district registers at its provider: the redirect (callback) URL, or for
    SAML the ACS and metadata URLs and the SP entity id."""
    build = request.build_absolute_uri
    login = _login_url(idp)
    if idp.kind == IdentityProvider.Kind.SAML:
        slug = {"organization_slug": idp.slug}
        metadata = build(reverse("saml_metadata", kwargs=slug))
        return [
            ProviderAddress(_("Service provider entity id"), metadata),
            ProviderAddress(
                _("Assertion consumer service (ACS) URL"), build(reverse("saml_acs", kwargs=slug))
            ),
            ProviderAddress(_("Service provider metadata"), metadata),
            ProviderAddress(_("Sign-in starts at"), build(login)),
        ]
    return [
        ProviderAddress(_("Redirect (callback) URL"), build(f"{login}callback/")),
        ProviderAddress(_("Sign-in starts at"), build(login)),
    ]
