"""The console's forms for approval policies and rubrics. They parse input; the
services decide what is allowed."""

from __future__ import annotations

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from badges.models import BadgeClass

from ..models import ReviewerGroup, ReviewerKind, Rubric, RubricCriterion
from ..services import CriterionInput, PolicySettings

THRESHOLDS = [
    (1, _("1 — beginning")),
    (2, _("2 — developing")),
    (3, _("3 — competent")),
    (4, _("4 — exemplary")),
]
EXTRA_CRITERIA = 3


class ApprovalPolicyForm(forms.Form):
    badge_class = forms.ModelChoiceField(
        queryset=BadgeClass.objects.none(),
        to_field_name="public_id",
        label=_("Badge"),
        help_text=_("The badge whose evidence this policy judges (badges you manage)."),
    )
    rubric = forms.ModelChoiceField(
        queryset=Rubric.objects.none(), to_field_name="public_id", label=_("Rubric")
    )
    threshold = forms.TypedChoiceField(
        choices=THRESHOLDS,
        coerce=int,
        initial=3,
        label=_("Every criterion must score at least"),
    )
    allow_section_teacher = forms.BooleanField(
        required=False, label=_("The earner's section teacher (for badges linked to the section)")
    )
    allow_coach = forms.BooleanField(required=False, label=_("The teacher's coach"))
    allow_mentor = forms.BooleanField(required=False, label=_("The student's placement mentor"))
    allow_supervisor = forms.BooleanField(required=False, label=_("The placement supervisor"))
    allow_admin = forms.BooleanField(required=False, label=_("A district admin"))
    reviewer_group = forms.ModelChoiceField(
        queryset=ReviewerGroup.objects.none(),
        to_field_name="public_id",
        required=False,
        label=_("Members of a reviewer group (optional)"),
    )
    required_kinds = forms.MultipleChoiceField(
        choices=ReviewerKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Kinds of reviewer who must each approve (optional)"),
    )
    approvals_needed = forms.IntegerField(
        min_value=1, max_value=10, initial=1, label=_("Approvals needed")
    )
    allow_self_submission = forms.BooleanField(
        required=False, initial=True, label=_("Earners may submit their own evidence")
    )
    allow_teacher_on_behalf = forms.BooleanField(
        required=False, label=_("A teacher may submit for their student")
    )
    moderation_rate = forms.DecimalField(
        min_value=0,
        max_value=1,
        decimal_places=3,
        initial=0,
        label=_("Share of approvals sampled for moderation (0 to 1)"),
    )

    def __init__(
        self,
        *args,
        badge_classes: QuerySet[BadgeClass] | None,
        rubrics: QuerySet[Rubric],
        groups: QuerySet[ReviewerGroup],
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        if badge_classes is None:  # editing: the badge is fixed
            del self.fields["badge_class"]
        else:
            self.fields["badge_class"].queryset = badge_classes
        self.fields["rubric"].queryset = rubrics
        self.fields["reviewer_group"].queryset = groups

    def settings(self) -> PolicySettings:
        d = self.cleaned_data
        return PolicySettings(
            rubric=d["rubric"],
            threshold=d["threshold"],
            allow_section_teacher=d["allow_section_teacher"],
            allow_coach=d["allow_coach"],
            allow_mentor=d["allow_mentor"],
            allow_supervisor=d["allow_supervisor"],
            allow_admin=d["allow_admin"],
            reviewer_group=d["reviewer_group"],
            required_kinds=list(d["required_kinds"]),
            approvals_needed=d["approvals_needed"],
            allow_self_submission=d["allow_self_submission"],
            allow_teacher_on_behalf=d["allow_teacher_on_behalf"],
            moderation_rate=d["moderation_rate"],
        )

    @staticmethod
    def initial_of(policy) -> dict:
        return {
            "rubric": policy.rubric.public_id,
            "threshold": policy.threshold,
            "allow_section_teacher": policy.allow_section_teacher,
            "allow_coach": policy.allow_coach,
            "allow_mentor": policy.allow_mentor,
            "allow_supervisor": policy.allow_supervisor,
            "allow_admin": policy.allow_admin,
            "reviewer_group": policy.reviewer_group.public_id if policy.reviewer_group else None,
            "required_kinds": list(policy.required_kinds),
            "approvals_needed": policy.approvals_needed,
            "allow_self_submission": policy.allow_self_submission,
            "allow_teacher_on_behalf": policy.allow_teacher_on_behalf,
            "moderation_rate": policy.moderation_rate,
        }


class RubricForm(forms.Form):
    name = forms.CharField(max_length=200, label=_("Name"))
    description = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}), label=_("Description")
    )
    organization = forms.ModelChoiceField(
        queryset=None, to_field_name="slug", label=_("Kept by"), required=True
    )

    def __init__(self, *args, organizations=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if organizations is None:  # editing: the keeper is fixed
            del self.fields["organization"]
        else:
            self.fields["organization"].queryset = organizations


class CriterionForm(forms.Form):
    public_id = forms.CharField(required=False, widget=forms.HiddenInput)
    name = forms.CharField(required=False, max_length=200, label=_("Criterion"))
    level_1 = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}), label=_("1 — beginning")
    )
    level_2 = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}), label=_("2 — developing")
    )
    level_3 = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}), label=_("3 — competent")
    )
    level_4 = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}), label=_("4 — exemplary")
    )


CriterionFormSet = forms.formset_factory(CriterionForm, extra=0, max_num=12, absolute_max=12)


def criteria_formset(data=None, *, criteria: list[RubricCriterion] | None = None):
    """The rubric's rows (and a few blank ones for new criteria)."""
    initial = [
        {
            "public_id": str(c.public_id),
            "name": c.name,
            "level_1": c.level_1,
            "level_2": c.level_2,
            "level_3": c.level_3,
            "level_4": c.level_4,
        }
        for c in criteria or []
    ]
    initial += [{} for _ in range(EXTRA_CRITERIA)]
    if data is not None:
        return CriterionFormSet(data, prefix="criteria")
    return CriterionFormSet(initial=initial[:12], prefix="criteria")


def criteria_of(formset) -> list[CriterionInput]:
    return [
        CriterionInput(
            name=f.cleaned_data.get("name", ""),
            levels=tuple(f.cleaned_data.get(f"level_{n}", "") for n in (1, 2, 3, 4)),
            public_id=f.cleaned_data.get("public_id", ""),
        )
        for f in formset.forms
        if f.cleaned_data
    ]
