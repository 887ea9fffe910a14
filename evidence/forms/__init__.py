"""Forms for the evidence pages. They parse input; the services decide what is allowed."""

from __future__ import annotations

from collections.abc import Iterable

from django import forms
from django.utils.translation import gettext_lazy as _

from core.models import NoticePreference

from ..models import Review, RubricCriterion, Submission

LEVEL_NAMES = {
    1: _("Beginning"),
    2: _("Developing"),
    3: _("Competent"),
    4: _("Exemplary"),
}


class ArtifactFileForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "A PDF, image, office document or video. Checked by its content, not its name."
        ),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".pdf,.png,.jpg,.jpeg,.gif,.webp,.heic,.svg,.docx,.xlsx,.pptx,.odt,"
                ".ods,.odp,.mp4,.mov,.webm,.m4v"
            }
        ),
    )
    title = forms.CharField(label=_("Title (optional)"), required=False, max_length=200)


class ArtifactLinkForm(forms.Form):
    url = forms.CharField(
        label=_("Web address"),
        max_length=1000,
        help_text=_("For example a video of your work. Starts with https://"),
        widget=forms.URLInput(attrs={"placeholder": "https://…", "autocomplete": "off"}),
    )
    title = forms.CharField(label=_("Title (optional)"), required=False, max_length=200)


class ArtifactReflectionForm(forms.Form):
    title = forms.CharField(label=_("Title (optional)"), required=False, max_length=200)
    text = forms.CharField(
        label=_("Reflection"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What you did, what you learned, what you would do differently."),
    )


class EvidencePublicForm(forms.Form):
    public = forms.BooleanField(
        label=_("Show my evidence publicly with the badge"),
        required=False,
        help_text=_(
            "Off by default. When on, anyone who opens your badge can see the evidence of the "
            "approved version."
        ),
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Why (optional)"), required=False, max_length=1000)


class ReviewerNoteForm(forms.Form):
    text = forms.CharField(
        label=_("Note"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    source = forms.CharField(
        label=_("Source (optional)"),
        required=False,
        max_length=100,
        help_text=_("e.g. Observation on March 3"),
    )


class ReviewForm(forms.Form):
    """One radio group per rubric criterion, feedback, and the decision (the button pressed)."""

    feedback = forms.CharField(
        label=_("Feedback to the earner"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Needed when you request changes or decline."),
    )
    decision = forms.ChoiceField(choices=Review.Decision.choices)

    def __init__(self, *args, criteria: Iterable[RubricCriterion], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[self.field_name(criterion)] = forms.TypedChoiceField(
                label=criterion.name,
                choices=[(n, str(n)) for n in LEVEL_NAMES],
                coerce=int,
                required=False,
                widget=forms.RadioSelect,
            )

    @staticmethod
    def field_name(criterion: RubricCriterion) -> str:
        return f"score-{criterion.public_id}"

    def scores(self) -> dict[str, int]:
        """{criterion public id: level} for the criteria scored (the service checks the rest)."""
        out = {}
        for criterion in self.criteria:
            value = self.cleaned_data.get(self.field_name(criterion))
            if value not in (None, ""):
                out[str(criterion.public_id)] = value
        return out

    def chosen(self, criterion: RubricCriterion) -> str:
        """The level picked for `criterion` (as submitted), to keep it on a re-rendered page."""
        if not self.is_bound:
            return ""
        return str(self.data.get(self.field_name(criterion), ""))


class QueueFilterForm(forms.Form):
    badge = forms.ChoiceField(label=_("Badge"), required=False)
    section = forms.ChoiceField(label=_("Section"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("Any")),
            (Submission.Status.SUBMITTED, Submission.Status.SUBMITTED.label),
            (Submission.Status.IN_REVIEW, Submission.Status.IN_REVIEW.label),
        ],
    )
    age = forms.IntegerField(
        label=_("Waiting at least (days)"),
        required=False,
        min_value=0,
        max_value=3650,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )

    def __init__(
        self,
        *args,
        badges: Iterable[tuple[str, str]] = (),
        sections: Iterable[tuple[str, str]] = (),
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["badge"].choices = [("", _("All badges")), *badges]
        self.fields["section"].choices = [("", _("All sections")), *sections]


class OnBehalfForm(forms.Form):
    """A teacher picks one of their students (posted as `for`); the badge is the button."""

    def __init__(self, *args, students: list, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # "for" is what submission-start reads; it cannot be a class attribute name.
        self.fields["for"] = forms.ChoiceField(
            label=_("Student"), choices=[("", _("Choose a student")), *students]
        )


class ModerationDecideForm(forms.Form):
    decision = forms.ChoiceField(choices=[("confirm", _("Confirm")), ("flag", _("Flag"))])
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ModerationResolveForm(forms.Form):
    decision = forms.ChoiceField(choices=[("revoke", _("Revoke")), ("keep", _("Keep"))])
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class NoticeEmailForm(forms.Form):
    email = forms.ChoiceField(
        label=_("E-mail me about new notices"),
        choices=NoticePreference.Email.choices,
        widget=forms.RadioSelect,
    )
