"""The console's import form: a CASE package from a file or from a CASE 1.1 REST URL."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from .services import max_package_bytes


class FrameworkImportForm(forms.Form):
    file = forms.FileField(
        label=_("CASE package file"),
        required=False,
        help_text=_("A CFPackage JSON file, as OpenSALT or the CASE Network export it."),
        widget=forms.ClearableFileInput(attrs={"accept": ".json,application/json"}),
    )
    url = forms.URLField(
        label=_("Or the package's web address"),
        required=False,
        max_length=500,
        assume_scheme="https",
        validators=[URLValidator(schemes=["http", "https"])],
        help_text=_("A CASE 1.1 address ending in /ims/case/v1p1/CFPackages/ and an identifier."),
    )
    strict = forms.BooleanField(
        label=_(
            "Refuse the whole package if any item or association is not as the CASE"
            " specification says"
        ),
        required=False,
        help_text=_("Otherwise what can be imported is, and each item skipped or merged is named."),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        cap = max_package_bytes()
        if upload is not None and upload.size > cap:
            raise forms.ValidationError(
                _("The file is larger than %(mb)s MB."), params={"mb": f"{cap / 2**20:g}"}
            )
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        has_file, has_url = bool(data.get("file")), bool(data.get("url"))
        if not self.errors and has_file == has_url:
            raise forms.ValidationError(_("Choose a file or give a web address (one of them)."))
        return data
