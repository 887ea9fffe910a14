"""Learner forms: marking a step done, answering a check, applying for the credential."""

from __future__ import annotations

from collections.abc import Sequence

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import CheckQuestion


class StepDoneForm(forms.Form):
    """ "Mark done and continue"; a reflect step sends its written answer along."""

    answer = forms.CharField(
        label=_("Your reflection"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Kept for you; you can attach it to evidence for the micro-credential."),
    )


class CheckForm(forms.Form):
    """One radio group per question, named by the question's public id (as the service reads
    them). Unanswered questions are allowed: the service scores them as wrong."""

    def __init__(self, *args, questions: Sequence[CheckQuestion], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for q in self.questions:
            self.fields[str(q.public_id)] = forms.TypedChoiceField(
                label=q.prompt,
                required=False,
                coerce=int,
                empty_value=None,
                choices=[(str(i), c.get("text", "")) for i, c in enumerate(q.choices)],
                widget=forms.RadioSelect,
            )

    def answers(self) -> dict[str, int | None]:
        return {name: self.cleaned_data.get(name) for name in self.fields}


class ApplyForm(forms.Form):
    attach_reflections = forms.BooleanField(
        label=_("Attach my reflection answers from this module"), required=False
    )
