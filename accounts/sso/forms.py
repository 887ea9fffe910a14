"""The console's form for a district's sign-in provider: the fields of its kind."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from ..models import IdentityProvider, Organization

Kind = IdentityProvider.Kind

COMMON = ("name", "client_id", "secret", "allowed_domains", "roster_claim")
SWITCHES = ("jit_accounts", "trust_idp_mfa", "enabled")
SAML_IDP = ("entity_id", "sso_url", "x509cert", "metadata_url", "metadata_xml")
SAML_ATTRIBUTES = (
    "attr_uid",
    "attr_email",
    "attr_email_verified",
    "attr_first_name",
    "attr_last_name",
)

# The fields each kind shows, in order (the switches come last for every kind).
KIND_FIELDS: dict[str, tuple[str, ...]] = {
    Kind.GOOGLE: COMMON,
    Kind.MICROSOFT: (*COMMON[:3], "tenant", *COMMON[3:]),
    Kind.CLEVER: (*COMMON[:3], "district_id", *COMMON[3:]),
    Kind.OIDC: ("name", "server_url", *COMMON[1:]),
    Kind.SAML: (
        "name",
        *SAML_IDP,
        "preset",
        *SAML_ATTRIBUTES,
        "allowed_domains",
        "email_authoritative",
        "roster_claim",
        "signed",
        "sp_entity_id",
        "mfa_contexts",
    ),
}

# The service's error codes, and the field each belongs to.
ERROR_FIELDS = {
    "slug": "slug",
    "name": "name",
    "district": "district",
    "client_id": "client_id",
    "secret": "secret",
    "tenant": "tenant",
    "district_id": "district_id",
    "server_url": "server_url",
    "allowed_domains": "allowed_domains",
}


def _text(label: str, help_text: str = "", **kwargs: Any) -> forms.CharField:
    return forms.CharField(label=label, help_text=help_text, required=False, **kwargs)


class IdentityProviderForm(forms.Form):
    district = forms.ModelChoiceField(
        label=_("District"), queryset=Organization.objects.none(), empty_label=None
    )
    slug = forms.SlugField(
        label=_("Short name"),
        max_length=60,
        help_text=_(
            "Part of this provider's sign-in and callback addresses, e.g. snake-river-google. "
            "It cannot be changed later."
        ),
    )
    name = forms.CharField(
        label=_("Button label"), max_length=100, help_text=_("e.g. Snake River SD Google")
    )
    server_url = _text(
        _("Issuer URL"),
        _("The provider's issuer, e.g. https://idp.district.org (Cairn reads its discovery)."),
        max_length=500,
    )
    client_id = _text(_("Client id"), max_length=255)
    secret = _text(
        _("Client secret"),
        max_length=2000,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
    )
    tenant = _text(
        _("Tenant"),
        _(
            'Your directory (tenant) id for your organization only; "organizations" for any '
            'work or school account; "common" also lets personal Microsoft accounts in.'
        ),
        max_length=100,
    )
    district_id = _text(
        _("Clever district id"),
        _("Cairn trusts the e-mail addresses Clever sends only for people of this district."),
        max_length=100,
    )
    entity_id = _text(_("IdP entity id"), max_length=500)
    sso_url = _text(_("IdP sign-in (SSO) URL"), max_length=500)
    x509cert = _text(
        _("IdP signing certificate"),
        _("PEM, from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----."),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    metadata_url = _text(
        _("IdP metadata URL"),
        _("Instead of the three fields above: where Cairn can read the IdP's metadata."),
        max_length=500,
    )
    metadata_xml = _text(
        _("IdP metadata (pasted)"),
        _("Or paste the IdP's metadata XML here (AD FS: FederationMetadata.xml)."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    email_authoritative = forms.BooleanField(
        label=_("The IdP's e-mail addresses are verified"),
        required=False,
        help_text=_(
            "AD FS, ClassLink and Shibboleth send no 'verified' flag: switch on when your IdP "
            "only releases addresses your district issued. Counted only for the allowed "
            "domains above. Off: people are matched by roster identifier only."
        ),
    )
    signed = forms.ChoiceField(
        label=_("What the IdP signs"),
        required=False,
        choices=[
            ("assertion", _("The assertion (AD FS, ClassLink)")),
            ("response", _("The response (Shibboleth's default)")),
            ("both", _("Both")),
        ],
        initial="assertion",
    )
    sp_entity_id = _text(
        _("Cairn's entity id at your IdP"),
        _(
            "Empty: Cairn's metadata address (shown on this page once the provider is "
            "saved). Give one only to keep an older registration."
        ),
        max_length=500,
    )
    mfa_contexts = _text(
        _("More two-factor contexts"),
        _(
            "AuthnContextClassRef values your IdP uses for a two-factor sign-in, one a line "
            "(the usual ones are known)."
        ),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    preset = forms.ChoiceField(
        label=_("Attribute names"),
        required=False,
        choices=[
            ("", _("Any of the usual names (AD FS, ClassLink, Shibboleth)")),
            ("adfs", _("AD FS / Entra ID claim URIs")),
            ("classlink", _("ClassLink")),
            ("shibboleth", _("Shibboleth / eduPerson (urn:oid)")),
        ],
        help_text=_("The names below, where given, win over these."),
    )
    attr_uid = _text(_("Attribute: person's id"), _("Empty: the NameID."), max_length=200)
    attr_email = _text(_("Attribute: e-mail address"), max_length=200)
    attr_email_verified = _text(_("Attribute: e-mail verified"), max_length=200)
    attr_first_name = _text(_("Attribute: given name"), max_length=200)
    attr_last_name = _text(_("Attribute: family name"), max_length=200)
    allowed_domains = _text(
        _("Allowed e-mail domains"),
        _(
            "Only addresses at these domains may sign in here, one a line or comma-separated "
            "(empty: any)."
        ),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    roster_claim = _text(
        _("Roster identifier claim"),
        _(
            "The claim or attribute carrying the person's OneRoster sourcedId, identifier or "
            "username (e.g. employee_id); empty: match by verified e-mail only."
        ),
        max_length=100,
    )
    jit_accounts = forms.BooleanField(
        label=_("Create accounts at first sign-in"),
        required=False,
        help_text=_(
            "Someone your roster does not name gets a new account with no role, when the "
            "provider vouches for their address; needs the allowed e-mail domains. "
            "Off: they are refused."
        ),
    )
    trust_idp_mfa = forms.BooleanField(
        label=_("Count the provider's two-factor sign-in"),
        required=False,
        help_text=_(
            "A sign-in the provider reports as multi-factor satisfies the district's "
            "two-factor requirement."
        ),
    )
    enabled = forms.BooleanField(
        label=_("Enabled"),
        required=False,
        initial=True,
        help_text=_("Off: no button, and sign-ins through it are refused."),
    )

    def __init__(
        self,
        *args: Any,
        kind: str,
        districts: QuerySet[Organization] | None = None,
        has_secret: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        creating = districts is not None
        keep = [*(("district", "slug") if creating else ()), *KIND_FIELDS[kind], *SWITCHES]
        self.fields = {name: self.fields[name] for name in keep}
        if creating:
            self.fields["district"].queryset = districts
        if "secret" in self.fields:
            self.fields["secret"].help_text = (
                _("Set. Leave empty to keep it; type a new one to replace it.")
                if has_secret
                else _(
                    "Not set. Cairn never shows a secret back: if the form returns with a "
                    "mistake, type it again."
                )
            )

    @classmethod
    def initial_from(cls, idp: IdentityProvider) -> dict[str, Any]:
        conf = idp.settings or {}
        saml_idp = conf.get("idp") or {}
        attributes = conf.get("attributes") or {}
        return {
            "name": idp.name,
            "client_id": idp.client_id,
            "server_url": conf.get("server_url", ""),
            "tenant": conf.get("tenant", ""),
            "district_id": conf.get("district_id", ""),
            "preset": conf.get("preset", ""),
            "signed": conf.get("signed", "assertion"),
            "email_authoritative": bool(conf.get("email_authoritative")),
            "sp_entity_id": conf.get("sp_entity_id", ""),
            "mfa_contexts": "\n".join(conf.get("mfa_contexts") or []),
            **{key: saml_idp.get(key, "") for key in SAML_IDP},
            **{key: attributes.get(key.removeprefix("attr_"), "") for key in SAML_ATTRIBUTES},
            "allowed_domains": "\n".join(idp.allowed_domains or []),
            "roster_claim": idp.roster_claim,
            "jit_accounts": idp.jit_accounts,
            "trust_idp_mfa": idp.trust_idp_mfa,
            "enabled": idp.enabled,
        }

    def service_kwargs(self, idp: IdentityProvider | None = None) -> dict[str, Any]:
        """The service's arguments; settings the form does not show are kept from `idp`."""
        data = self.cleaned_data
        settings: dict[str, Any] = dict(idp.settings) if idp is not None else {}
        if self.kind == Kind.SAML:
            kept = {k: v for k, v in (settings.get("idp") or {}).items() if k not in SAML_IDP}
            settings["idp"] = {**kept, **{key: data.get(key, "") for key in SAML_IDP}}
            settings["attributes"] = {
                key.removeprefix("attr_"): data.get(key, "") for key in SAML_ATTRIBUTES
            }
            settings["preset"] = data.get("preset", "")
            settings["signed"] = data.get("signed") or "assertion"
            settings["email_authoritative"] = bool(data.get("email_authoritative"))
            settings["sp_entity_id"] = data.get("sp_entity_id", "")
            settings["mfa_contexts"] = [
                c for c in re.split(r"[\s,]+", data.get("mfa_contexts", "")) if c
            ]
        for key in ("server_url", "tenant", "district_id"):
            if key in self.fields:
                settings[key] = data.get(key, "")
        kwargs: dict[str, Any] = {
            "name": data["name"],
            "client_id": data.get("client_id", ""),
            "secret": data.get("secret", ""),
            "settings": settings,
            "allowed_domains": [d for d in re.split(r"[\s,;]+", data["allowed_domains"]) if d],
            "roster_claim": data.get("roster_claim", ""),
            "jit_accounts": data["jit_accounts"],
            "trust_idp_mfa": data["trust_idp_mfa"],
            "enabled": data["enabled"],
        }
        if idp is None:
            kwargs.update(district=data["district"], slug=data["slug"], kind=self.kind)
        return kwargs
