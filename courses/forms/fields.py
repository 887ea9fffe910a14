"""What the courses forms share: competency choices grouped by framework, the district
question, badge labels."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization
from badges.models import BadgeClass
from competencies.models import Competency


def competency_choices(competencies: Iterable[Competency], *, blank: str) -> list:
    """Competencies grouped by framework for a <select> (optgroups), values are public ids."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for c in competencies:
        label = f"{c.code} — {c.statement}" if c.code else c.statement
        if len(label) > 90:
            label = label[:89] + "…"
        groups.setdefault(c.framework.title, []).append((str(c.public_id), label))
    return [("", blank), *groups.items()]


def grouped_competencies(competencies: Sequence[Competency]) -> list:
    """The optgroups of `competency_choices`, without a blank choice (for a multi-select)."""
    return competency_choices(competencies, blank="")[1:]


def choose_district(form: forms.Form, districts: Sequence[Organization]) -> Organization | None:
    """One district: no question asked (the field goes; returns it). Several: a select."""
    if len(districts) == 1:
        del form.fields["organization"]
        return districts[0]
    form.fields["organization"].set_objects(districts, blank=_("Choose a district"))
    return None


def badge_label(badge: BadgeClass) -> str:
    if badge.status == BadgeClass.Status.ACTIVE:
        return badge.name
    return f"{badge.name} ({badge.get_status_display()})"
