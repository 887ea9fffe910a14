"""Forms of the roster console pages: the upload and the SIS connection."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import RosterConnection


class RosterUploadForm(forms.Form):
    file = forms.FileField(
        label=_("OneRoster zip file"),
        widget=forms.ClearableFileInput(attrs={"accept": ".zip,application/zip"}),
        help_text=_(
            "The .zip your SIS exports: manifest.csv with orgs.csv, users.csv and the "
            "other OneRoster 1.1 or 1.2 files."
        ),
    )


class RosterConnectionForm(forms.Form):
    base_url = forms.URLField(
        label=_("OneRoster base URL"),
        max_length=200,
        assume_scheme="https",
        help_text=_("For example https://sis.example.org/ims/oneroster/rostering/v1p2"),
    )
    token_url = forms.URLField(
        label=_("Token URL"),
        max_length=200,
        assume_scheme="https",
        help_text=_("Where the SIS issues OAuth 2.0 tokens (client credentials)."),
    )
    client_id = forms.CharField(label=_("Client id"), max_length=255)
    client_secret = forms.CharField(
        label=_("Client secret"),
        required=False,
        strip=False,
        max_length=500,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
    )
    scope = forms.CharField(
        label=_("Scope"),
        max_length=500,
        required=False,
        help_text=_("Leave as it is unless your SIS names another."),
    )
    enabled = forms.BooleanField(label=_("Pull the roster every night"), required=False)

    ERROR_FIELDS = ("base_url", "token_url", "client_id", "client_secret")

    def __init__(self, *args, connection: RosterConnection | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        has_secret = bool(connection and connection.secret_sealed)
        self.fields["client_secret"].help_text = (
            _("A secret is set; it is never shown. Leave empty to keep it, or type a new one.")
            if has_secret
            else _("The secret the SIS issued with the client id; stored encrypted.")
        )
        self.fields["client_secret"].required = not has_secret

    @staticmethod
    def initial_from(connection: RosterConnection | None) -> dict[str, object]:
        if connection is None:
            return {
                "enabled": True,
                "scope": RosterConnection._meta.get_field("scope").default,
            }
        return {
            "base_url": connection.base_url,
            "token_url": connection.token_url,
            "client_id": connection.client_id,
            "scope": connection.scope,
            "enabled": connection.enabled,
        }
