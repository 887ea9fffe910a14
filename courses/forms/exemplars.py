"""Exemplar forms: what every exemplar tells, a teacher's proposal (with consent), an
author's exemplar with artifact links, and declining one."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization
from competencies.models import Competency
from core.forms import ObjectChoiceField, ObjectMultipleChoiceField

from ..models import ExemplarArtifact, GradeBand, Subject
from .fields import choose_district, grouped_competencies

ARTIFACT_SLOTS = 4
SHARED = (
    "title", "grade_band", "subject", "standards", "lesson_flow", "pedagogical_value",
    "reflection",
)  # fmt: skip


class ExemplarForm(forms.Form):
    """What every exemplar tells: the lesson's flow, why it works, and a reflection."""

    title = forms.CharField(label=_("Title"), max_length=200)
    grade_band = forms.ChoiceField(
        label=_("Grade band"), choices=[("", _("Choose a grade band")), *GradeBand.choices]
    )
    subject = forms.ChoiceField(
        label=_("Subject"), choices=[("", _("Choose a subject")), *Subject.choices]
    )
    standards = ObjectMultipleChoiceField(
        label=_("Standards and competencies"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Grouped by framework. Hold Ctrl (⌘ on a Mac) to choose more than one."),
    )
    lesson_flow = forms.CharField(
        label=_("Lesson flow"),
        max_length=50000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("How the lesson unfolds, step by step (Markdown)."),
    )
    pedagogical_value = forms.CharField(
        label=_("Pedagogical value"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Why it works: what other teachers can take from it (Markdown)."),
    )
    reflection = forms.CharField(
        label=_("Reflection"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("The teacher's reflection: what happened, what they would change."),
    )

    def __init__(self, *args: Any, competencies: Sequence[Competency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["standards"].set_objects(competencies, grouped_competencies(competencies))

    def exemplar(self) -> dict[str, Any]:
        """Keyword arguments for `exemplar_propose` / `exemplar_create` (what they share)."""
        return {name: self.cleaned_data[name] for name in SHARED}


class ExemplarProposeForm(ExemplarForm):
    consent = forms.BooleanField(
        label=_("I agree to share this lesson and its evidence with educators in the district"),
        label_suffix="",
        help_text=_(
            "The exemplar shows your lesson's flow, reflection and evidence files. Remove "
            "anything that identifies students before you propose it."
        ),
        error_messages={"required": _("Sharing a lesson as an exemplar needs your consent.")},
    )


class ExemplarCreateForm(ExemplarForm):
    """An admin or coach authors an exemplar directly, with up to four artifact links."""

    organization = ObjectChoiceField(label=_("District"))
    field_order = ["organization"]

    ARTIFACT_KINDS = [
        (k, label) for k, label in ExemplarArtifact.Kind.choices if k != ExemplarArtifact.Kind.FILE
    ]

    def __init__(self, *args: Any, districts: Sequence[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.district = choose_district(self, districts)
        for i in range(ARTIFACT_SLOTS):
            self.fields[f"a{i}_kind"] = forms.ChoiceField(
                label=_("Kind"), choices=self.ARTIFACT_KINDS, required=False
            )
            self.fields[f"a{i}_title"] = forms.CharField(
                label=_("Title"), max_length=200, required=False
            )
            self.fields[f"a{i}_url"] = forms.URLField(
                label=_("Web address"), max_length=1000, required=False, assume_scheme="https"
            )
            self.fields[f"a{i}_annotation"] = forms.CharField(
                label=_("What to notice"),
                required=False,
                max_length=5000,
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text=_("With timestamps for a video, e.g. “04:10 the think-aloud”."),
            )

    def artifact_slots(self) -> list[dict[str, Any]]:
        return [
            {
                "number": i + 1,
                "kind": self[f"a{i}_kind"],
                "title": self[f"a{i}_title"],
                "url": self[f"a{i}_url"],
                "annotation": self[f"a{i}_annotation"],
            }
            for i in range(ARTIFACT_SLOTS)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.district is not None:
            data["organization"] = self.district
        artifacts = []
        for i in range(ARTIFACT_SLOTS):
            title = (data.get(f"a{i}_title") or "").strip()
            url = data.get(f"a{i}_url") or ""
            annotation = (data.get(f"a{i}_annotation") or "").strip()
            if not (title or url or annotation):
                continue
            if not title:
                self.add_error(f"a{i}_title", _("Give the artifact a title."))
            if not url:
                self.add_error(f"a{i}_url", _("Give the artifact's web address."))
            artifacts.append(
                {
                    "kind": data.get(f"a{i}_kind") or ExemplarArtifact.Kind.DOCUMENT,
                    "title": title,
                    "url": url,
                    "annotation": annotation,
                }
            )
        data["artifacts"] = artifacts
        return data


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        help_text=_("Recorded with the decision."),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
