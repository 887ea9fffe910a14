"""Forms of the accounts pages: a district admin's decision on a minor's request for a
public profile."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class ProfileRequestDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("Approve")), ("decline", _("Decline"))])
    reason = forms.CharField(
        label=_("Reason (the student reads it)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    guardian_confirmed = forms.BooleanField(
        label=_("A parent or guardian agreed: I confirmed it with them myself"),
        required=False,
    )
