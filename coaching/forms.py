"""Forms for the coaching pages. They parse input; the services decide what is allowed.

Choices come from objects the view has already read (so rendering a form never runs a
query) and are keyed by public id, never by database id.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import ObjectChoiceField
from core.forms import ObjectMultipleChoiceField as _ObjectMultipleChoiceField

from .models import CoachingSession, Goal

DATE = {"type": "date"}
REPORT_MAX_DAYS = 3 * 366


def _date_widget(**attrs: Any) -> forms.DateInput:
    return forms.DateInput(attrs={**DATE, **attrs}, format="%Y-%m-%d")


class ObjectMultipleChoiceField(_ObjectMultipleChoiceField):
    """Checkboxes, optional unless said otherwise."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        super().__init__(*args, **kwargs)


def competency_label(c: Any) -> str:
    statement = c.statement if len(c.statement) <= 120 else c.statement[:119] + "…"
    return f"{c.code} — {statement}" if c.code else statement


def module_label(m: Any) -> str:
    return _("%(title)s (%(min)d min)") % {"title": m.title, "min": m.minutes}


def person_label(u: Any) -> str:
    return f"{u.get_full_name()} ({u.email})" if u.name else u.email


# Sessions -------------------------------------------------------------------------------


class SessionForm(forms.Form):
    """The session log, quick to fill in on a phone: sensible defaults, native pickers."""

    held_on = forms.DateField(label=_("Session date"), widget=_date_widget())
    minutes = forms.IntegerField(
        label=_("Minutes"),
        min_value=1,
        max_value=600,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 1, "max": 600}),
    )
    kind = forms.ChoiceField(label=_("Kind of session"), choices=CoachingSession.Kind.choices)
    focus = ObjectMultipleChoiceField(
        label=_("Focus competencies"),
        help_text=_("What this session worked on."),
    )
    shared_notes = forms.CharField(
        label=_("Shared notes"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The teacher sees these."),
    )
    private_notes = forms.CharField(
        label=_("Private notes"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Only you will see this. Never shown to the teacher, to admins or in any export."
        ),
    )
    next_steps = forms.CharField(
        label=_("Next steps"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The teacher sees these."),
    )
    follow_up_on = forms.DateField(
        label=_("Follow-up date (optional)"), required=False, widget=_date_widget()
    )

    def __init__(self, *args: Any, competencies: Sequence[Any], **kwargs: Any) -> None:
        today = timezone.localdate()
        kwargs.setdefault(
            "initial", {"held_on": today, "minutes": 30, "kind": CoachingSession.Kind.OBSERVATION}
        )
        super().__init__(*args, **kwargs)
        self.fields["held_on"].widget.attrs["max"] = today.isoformat()
        self.fields["follow_up_on"].widget.attrs["min"] = today.isoformat()
        self.fields["focus"].set_objects(competencies, label=competency_label)
        if not competencies:
            del self.fields["focus"]

    def clean_held_on(self):
        held_on = self.cleaned_data["held_on"]
        if held_on > timezone.localdate():
            raise forms.ValidationError(_("A session cannot be logged for a future date."))
        return held_on

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        held_on, follow = data.get("held_on"), data.get("follow_up_on")
        if held_on and follow and follow < held_on:
            self.add_error("follow_up_on", _("The follow-up date is before the session."))
        return data

    def session(self) -> dict[str, Any]:
        """Keyword arguments for `session_log` (but the actor and the teacher)."""
        data = self.cleaned_data
        return {
            "held_on": data["held_on"],
            "minutes": data["minutes"],
            "kind": data["kind"],
            "focus": data.get("focus", []),
            "shared_notes": data["shared_notes"],
            "private_notes": data["private_notes"],
            "next_steps": data["next_steps"],
            "follow_up_on": data["follow_up_on"],
        }


class AttachForm(forms.Form):
    submission = ObjectChoiceField(label=_("Submission waiting on your review"))

    def __init__(self, *args: Any, submissions: Sequence[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["submission"].set_objects(submissions, label=lambda s: s.badge_class.name)


# Recommendations ------------------------------------------------------------------------


class RecommendationForm(forms.Form):
    module = ObjectChoiceField(label=_("Module"))
    goal = ObjectChoiceField(label=_("For the goal (optional)"), required=False)
    note = forms.CharField(
        label=_("Note to the teacher (optional)"),
        required=False,
        max_length=300,
        widget=forms.TextInput(),
        help_text=_("The teacher sees this with the recommendation."),
    )
    session = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(
        self, *args: Any, modules: Sequence[Any], goals: Sequence[Any], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["module"].set_objects(
            modules, label=module_label, blank=_("Choose a published module")
        )
        self.fields["goal"].set_objects(
            goals, label=lambda g: str(g), blank=_("No particular goal")
        )
        if not goals:
            del self.fields["goal"]


# Goals ----------------------------------------------------------------------------------


class GoalLinkForm(forms.Form):
    modules = ObjectMultipleChoiceField(label=_("Modules that evidence this goal"))
    badge_classes = ObjectMultipleChoiceField(label=_("Micro-credentials (badges)"))

    def __init__(
        self, *args: Any, modules: Sequence[Any], badge_classes: Sequence[Any], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["modules"].set_objects(modules, label=module_label)
        self.fields["badge_classes"].set_objects(badge_classes, label=lambda b: b.name)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not self.errors and not data.get("modules") and not data.get("badge_classes"):
            raise forms.ValidationError(_("Choose a module or a badge to link."))
        return data


class GoalForm(GoalLinkForm):
    statement = forms.CharField(
        label=_("Goal"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Written with the teacher, in their words."),
    )
    competency = ObjectChoiceField(label=_("Aligned competency (optional)"), required=False)
    target_date = forms.DateField(
        label=_("Target date (optional)"), required=False, widget=_date_widget()
    )

    field_order = ["statement", "competency", "target_date", "modules", "badge_classes"]

    def __init__(self, *args: Any, competencies: Sequence[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["competency"].set_objects(competencies, label=competency_label, blank=_("None"))

    def clean(self) -> dict[str, Any]:
        return forms.Form.clean(self)  # linking is optional when the goal is written

    def goal(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "statement": data["statement"],
            "competency": data["competency"],
            "target_date": data["target_date"],
            "modules": data["modules"],
            "badge_classes": data["badge_classes"],
        }


class GoalStatusForm(forms.Form):
    status = forms.ChoiceField(choices=Goal.Status.choices)


class ActionStepForm(forms.Form):
    description = forms.CharField(label=_("Step"), max_length=300)
    owner = forms.ChoiceField(label=_("Who"))
    due_on = forms.DateField(label=_("Due (optional)"), required=False, widget=_date_widget())

    def __init__(self, *args: Any, goal: Goal, teacher: Any, **kwargs: Any) -> None:
        """`teacher` is the goal's teacher, passed in so that no query is needed."""
        kwargs.setdefault("auto_id", f"id_%s_{goal.public_id.hex[:8]}")
        super().__init__(*args, **kwargs)
        self.people = {"teacher": teacher, "coach": goal.coach}
        self.fields["owner"].choices = [
            ("teacher", _("%(name)s (teacher)") % {"name": teacher.get_full_name()}),
            ("coach", _("%(name)s (coach)") % {"name": goal.coach.get_full_name()}),
        ]

    def step(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "description": data["description"],
            "owner": self.people[data["owner"]],
            "due_on": data["due_on"],
        }


class StepDoneForm(forms.Form):
    done = forms.BooleanField(required=False)


# Caseloads and reports (district admins) -----------------------------------------------


class AssignmentForm(forms.Form):
    teacher = ObjectChoiceField(label=_("Teacher"))
    school = ObjectChoiceField(label=_("School"))
    coach = ObjectChoiceField(label=_("Coach"))
    starts_on = forms.DateField(label=_("Starts on"), widget=_date_widget())

    def __init__(
        self,
        *args: Any,
        teachers: Sequence[Any],
        schools: Sequence[Any],
        coaches: Sequence[Any],
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("starts_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.fields["teacher"].set_objects(
            teachers, label=person_label, blank=_("Choose a teacher")
        )
        self.fields["school"].set_objects(schools, blank=_("Choose a school"))
        self.fields["coach"].set_objects(coaches, label=person_label, blank=_("Choose a coach"))


class ReportForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=_date_widget())
    end = forms.DateField(label=_("To"), widget=_date_widget())

    @staticmethod
    def default_range() -> dict[str, Any]:
        today = timezone.localdate()
        return {"start": today - timedelta(days=90), "end": today}

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end < start:
                raise forms.ValidationError(_("The end date is before the start date."))
            if (end - start).days > REPORT_MAX_DAYS:
                raise forms.ValidationError(_("Choose a range of three years or less."))
        return data
