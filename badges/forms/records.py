"""The learner record (CLR 2.0) export: which private badges go in it."""

from django import forms
from django.utils.translation import gettext_lazy as _


class LearnerRecordForm(forms.Form):
    """Which private badges to add to the learner record (public ones are always in it)."""

    include = forms.MultipleChoiceField(
        label=_("Also include these private badges"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, choices: list[tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["include"].choices = choices
