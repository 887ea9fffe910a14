"""The console's issuer form: an organization's Open Badges profile. It parses input;
`badges.services.issuer_create` / `issuer_update` decide."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization
from core.forms import ObjectChoiceField


class IssuerForm(forms.Form):
    # Service refusal codes -> the field they are about.
    ERROR_FIELDS: ClassVar[dict[str, str]] = {
        "issuer_name": "name",
        "issuer_url": "url",
        "issuer_email": "email",
        "issuer_org": "organization",
    }

    organization = ObjectChoiceField(
        label=_("Organization"),
        help_text=_("The district or school that awards this issuer's badges."),
    )
    name = forms.CharField(label=_("Name"), max_length=200)
    url = forms.URLField(
        label=_("Web site"),
        assume_scheme="https",
        max_length=200,
        help_text=_("Shown to verifiers as the issuer's public web site."),
    )
    email = forms.EmailField(label=_("Contact e-mail"), help_text=_("Published with every badge."))
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(
        self,
        *args: Any,
        organizations: Iterable[Organization] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if organizations is None:  # editing: the organization stays
            del self.fields["organization"]
        else:
            self.fields["organization"].set_objects(
                organizations, label=lambda o: o.name, blank=_("Choose an organization")
            )
