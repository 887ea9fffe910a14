"""The verify page: a badge link, a pasted credential, or a baked image."""

from django import forms
from django.utils.translation import gettext_lazy as _


class VerifyForm(forms.Form):
    url = forms.CharField(
        label=_("Badge link"),
        required=False,
        max_length=500,
        help_text=_("The address of the badge, as the earner shared it."),
        widget=forms.URLInput(attrs={"placeholder": "https://…", "autocomplete": "off"}),
    )
    credential = forms.CharField(
        label=_("…or an Open Badges 3.0 credential"),
        required=False,
        max_length=200_000,
        help_text=_("Paste the credential's JSON or its VC-JWT."),
        widget=forms.Textarea(attrs={"rows": 4, "autocomplete": "off", "spellcheck": "false"}),
    )
    image = forms.FileField(
        label=_("…or a badge image (PNG or SVG)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/svg+xml,.png,.svg"}),
    )
    email = forms.EmailField(
        label=_("Recipient's e-mail (optional)"),
        required=False,
        help_text=_("We check whether the badge was issued to this address. It is not stored."),
    )

    def clean(self):
        data = super().clean()
        given = [name for name in ("url", "credential", "image") if data.get(name)]
        if not given:
            raise forms.ValidationError(
                _("Paste a badge link or a credential, or choose a badge image.")
            )
        if len(given) > 1:
            raise forms.ValidationError(_("Give one of a link, a credential or an image."))
        return data
