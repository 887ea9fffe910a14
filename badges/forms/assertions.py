"""What is done to an assertion from its pages: revoking it, the earner's public switch."""

from django import forms
from django.utils.translation import gettext_lazy as _


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for revoking"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown to anyone who verifies this badge."),
    )


class PublicToggleForm(forms.Form):
    public = forms.BooleanField(required=False)
