"""Authoring forms: a module's details, a step (a check with its questions), moving a
step. Choices come prepared from the selectors (lists, not querysets), so rendering a
form never queries."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization
from badges.models import BadgeClass
from competencies.models import Competency
from core.forms import ObjectChoiceField, ObjectMultipleChoiceField

from .. import permissions
from ..models import GradeBand, Module, Step, Subject
from .fields import badge_label, choose_district, grouped_competencies

QUESTION_SLOTS = 5
CHOICE_SLOTS = 4
DETAILS = (
    "title", "summary", "minutes", "format", "grade_bands", "subjects", "competencies",
    "leads_to", "participation_badge",
)  # fmt: skip


class ModuleForm(forms.Form):
    """A module's details. `organizations` (the author's districts) only when creating;
    `badges` are those it may lead to or award (each with `takes_evidence`)."""

    organization = ObjectChoiceField(label=_("District"))
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(
        label=_("Summary"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One or two sentences: what a teacher will be able to do afterwards."),
    )
    minutes = forms.IntegerField(
        label=_("Estimated minutes"),
        min_value=1,
        max_value=600,
        help_text=_("Modules of 15 minutes or less show up in the “quick” filter."),
    )
    format = forms.ChoiceField(label=_("Format"), choices=Module.Format.choices)
    grade_bands = forms.MultipleChoiceField(
        label=_("Grade bands"),
        required=False,
        choices=GradeBand.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    subjects = forms.MultipleChoiceField(
        label=_("Subjects"),
        required=False,
        choices=Subject.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    competencies = ObjectMultipleChoiceField(
        label=_("Competencies"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 10}),
        help_text=_("Grouped by framework. Hold Ctrl (⌘ on a Mac) to choose more than one."),
    )
    leads_to = ObjectChoiceField(
        label=_("Leads to the micro-credential"),
        required=False,
        help_text=_(
            "Finishing offers “apply it in your classroom, then submit evidence” for this badge. "
            "Badges of your district that take evidence."
        ),
    )
    participation_badge = ObjectChoiceField(
        label=_("Participation badge"),
        required=False,
        help_text=_("Awarded directly when a learner finishes (optional)."),
    )

    def __init__(
        self,
        *args: Any,
        badges: Sequence[BadgeClass],
        competencies: Sequence[Competency],
        organizations: Sequence[Organization] = (),
        module: Module | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if organizations:
            self.district = choose_district(self, organizations)
        else:  # editing: a module stays in its district
            del self.fields["organization"]
            self.district = None
        self.fields["competencies"].set_objects(competencies, grouped_competencies(competencies))
        none = _("— None —")
        self.fields["leads_to"].set_objects(
            [b for b in badges if b.takes_evidence], label=badge_label, blank=none
        )
        self.fields["participation_badge"].set_objects(badges, label=badge_label, blank=none)
        self.module = module

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.district is not None:
            data["organization"] = self.district
        org = data.get("organization") or (self.module.organization if self.module else None)
        for name in ("leads_to", "participation_badge"):
            badge = data.get(name)
            if badge is None or org is None or (self.module and self._unchanged(name, badge)):
                continue
            if not permissions.is_local_badge(badge, org):
                self.add_error(name, _("Choose a badge issued by this module's district."))
        return data

    def _unchanged(self, name: str, badge: BadgeClass) -> bool:
        return getattr(self.module, f"{name}_id") == badge.pk

    def details(self) -> dict[str, Any]:
        """Keyword arguments for `module_create` / `module_update`."""
        return {name: self.cleaned_data[name] for name in DETAILS}

    @staticmethod
    def initial_for(module: Module) -> dict[str, Any]:
        return {
            "title": module.title,
            "summary": module.summary,
            "minutes": module.minutes,
            "format": module.format,
            "grade_bands": list(module.grade_bands),
            "subjects": list(module.subjects),
            "competencies": [str(c.public_id) for c in module.competencies.all()],
            "leads_to": str(module.leads_to.public_id) if module.leads_to else "",
            "participation_badge": str(module.participation_badge.public_id)
            if module.participation_badge
            else "",
        }


class StepForm(forms.Form):
    """The "Add a step" form: the fields every kind shares, then the kind's own, then fixed
    slots for a check's questions (up to 5, each with up to 4 choices)."""

    kind = forms.ChoiceField(label=_("Kind of step"), choices=Step.Kind.choices)
    title = forms.CharField(
        label=_("Title"),
        required=False,
        max_length=200,
        help_text=_("Left empty, the step is named after its kind."),
    )
    body = forms.CharField(
        label=_("Text"),
        required=False,
        max_length=50000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Markdown: **bold**, *italic*, lists, [links](https://…), tables. "
            "HTML is removed when the step is shown."
        ),
    )
    video_url = forms.URLField(
        label=_("Video link"),
        required=False,
        max_length=200,
        assume_scheme="https",
        help_text=_("For a watch step. Starts with https://"),
    )
    transcript = forms.CharField(
        label=_("Transcript"),
        required=False,
        max_length=50000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("For a watch step: the video's words, for those who cannot hear or play it."),
    )
    prompt = forms.CharField(
        label=_("Reflection prompt"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For a reflect step: the question the learner answers in writing."),
    )
    pass_mark = forms.IntegerField(
        label=_("Pass mark (percent correct)"),
        min_value=0,
        max_value=100,
        initial=80,
        help_text=_("For a check. Learners may try again until they pass."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "step_%s")  # shares a page with the module's form
        super().__init__(*args, **kwargs)
        for q in range(QUESTION_SLOTS):
            self.fields[f"q{q}_prompt"] = forms.CharField(
                label=_("Question"), required=False, max_length=2000
            )
            for c in range(CHOICE_SLOTS):
                n = c + 1
                self.fields[f"q{q}_c{c}_text"] = forms.CharField(
                    label=_("Choice %(n)d") % {"n": n}, required=False, max_length=500
                )
                self.fields[f"q{q}_c{c}_correct"] = forms.BooleanField(
                    label=_("Choice %(n)d is correct") % {"n": n}, required=False, label_suffix=""
                )
                self.fields[f"q{q}_c{c}_feedback"] = forms.CharField(
                    label=_("Feedback for choice %(n)d") % {"n": n},
                    required=False,
                    max_length=1000,
                )

    def question_slots(self) -> list[dict[str, Any]]:
        """The question fields as nested rows, for the template's fieldsets; a slot is shown
        open when it is the first, holds something, or has an error."""
        slots = []
        for q in range(QUESTION_SLOTS):
            names = [f"q{q}_prompt"] + [
                f"q{q}_c{c}_{part}"
                for c in range(CHOICE_SLOTS)
                for part in ("text", "correct", "feedback")
            ]
            slots.append(
                {
                    "number": q + 1,
                    "open": q == 0 or any(self[n].value() or self[n].errors for n in names),
                    "prompt": self[f"q{q}_prompt"],
                    "choices": [
                        {
                            "text": self[f"q{q}_c{c}_text"],
                            "correct": self[f"q{q}_c{c}_correct"],
                            "feedback": self[f"q{q}_c{c}_feedback"],
                        }
                        for c in range(CHOICE_SLOTS)
                    ],
                }
            )
        return slots

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        questions = []
        for q in range(QUESTION_SLOTS):
            prompt = (data.get(f"q{q}_prompt") or "").strip()
            choices = [
                {
                    "text": text,
                    "correct": bool(data.get(f"q{q}_c{c}_correct")),
                    "feedback": (data.get(f"q{q}_c{c}_feedback") or "").strip(),
                }
                for c in range(CHOICE_SLOTS)
                if (text := (data.get(f"q{q}_c{c}_text") or "").strip())
            ]
            if choices and not prompt:
                self.add_error(f"q{q}_prompt", _("This question has choices but no question."))
            elif prompt:
                questions.append({"prompt": prompt, "choices": choices})
        data["questions"] = questions if data.get("kind") == Step.Kind.CHECK else []
        return data

    def step(self) -> dict[str, Any]:
        """Keyword arguments for `step_add`."""
        names = ("kind", "title", "body", "video_url", "transcript", "prompt", "pass_mark")
        return {name: self.cleaned_data[name] for name in names} | {
            "questions": self.cleaned_data["questions"]
        }


class StepMoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", _("Up")), ("down", _("Down"))])
