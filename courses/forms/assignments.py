"""Assigning forms: a published module to a school, section or cohort; a new cohort.
Choices come prepared from the selectors."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization
from core.forms import ObjectChoiceField, ObjectMultipleChoiceField

from ..models import Module
from ..selectors import AssignmentTargets, CohortCandidate
from .fields import choose_district


def _module_label(m: Module) -> str:
    return _("%(title)s (version %(v)d, %(min)d min)") % {
        "title": m.title,
        "v": m.version,
        "min": m.minutes,
    }


class AssignmentForm(forms.Form):
    """Assign a published module to a school, a section or a cohort of the admin's districts."""

    module = ObjectChoiceField(label=_("Module"))
    target = forms.ChoiceField(
        label=_("Assign to"),
        help_text=_("A school's teachers, a section's teachers, or a named cohort."),
    )
    due_on = forms.DateField(
        label=_("Due date (optional)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(
        self, *args: Any, modules: Sequence[Module], targets: AssignmentTargets, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["module"].set_objects(modules, label=_module_label, blank=_("Choose a module"))
        self.targets: dict[str, tuple[str, Any]] = {}
        groups = []
        for kind, heading, objects, label in (
            ("school", _("Schools"), targets.schools, str),
            ("section", _("Sections"), targets.sections, lambda s: f"{s.name} · {s.school.name}"),
            ("cohort", _("Cohorts"), targets.cohorts, str),
        ):
            options = []
            for obj in objects:
                key = f"{kind}:{obj.public_id}"
                self.targets[key] = (kind, obj)
                options.append((key, label(obj)))
            if options:
                groups.append((heading, options))
        self.fields["target"].choices = [("", _("Choose a group")), *groups]

    def assignment(self) -> dict[str, Any]:
        """Keyword arguments for `assignment_create` (but the actor)."""
        kind, obj = self.targets[self.cleaned_data["target"]]
        return {
            "module": self.cleaned_data["module"],
            kind: obj,
            "due_on": self.cleaned_data["due_on"],
        }


class CohortForm(forms.Form):
    """A named group of the district's teachers and coaches."""

    organization = ObjectChoiceField(label=_("District"))
    name = forms.CharField(
        label=_("Name"), max_length=200, help_text=_("e.g. Teacher leader network 2026")
    )
    members = ObjectMultipleChoiceField(
        label=_("Members"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Teachers and coaches of the district's schools."),
    )

    def __init__(
        self,
        *args: Any,
        districts: Sequence[Organization],
        candidates: Sequence[CohortCandidate],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.district = choose_district(self, districts)
        people = {str(c.user.public_id): c for c in candidates}
        self.member_districts = {key: c.districts for key, c in people.items()}

        def label(c: CohortCandidate) -> str:
            return f"{c.user.get_full_name()} ({c.user.email}) — {'; '.join(c.where)}"

        if len(districts) == 1:
            choices: list = [(key, label(c)) for key, c in people.items()]
        else:
            choices = [
                (d.name, [(key, label(c)) for key, c in people.items() if d.pk in c.districts])
                for d in districts
            ]
        self.fields["members"].set_objects([c.user for c in candidates], choices)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.district is not None:
            data["organization"] = self.district
        org = data.get("organization")
        members = data.get("members") or []
        if org is not None and any(
            org.pk not in self.member_districts[str(u.public_id)] for u in members
        ):
            self.add_error("members", _("Choose people of the cohort's district only."))
        return data
