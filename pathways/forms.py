"""Forms for the pathway builder, alerts, credit agreements and endorsements.

They parse input; the services (`pathways.services`, `badges.services`) decide what is
allowed.
Choices name objects by their public ids.
"""

from __future__ import annotations

from collections.abc import Iterable

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization, User
from badges.models import BadgeClass

from .models import Pathway, PathwayAlert, PathwayRequirement

Kind = PathwayRequirement.Kind
DATE = forms.DateInput(attrs={"type": "date"})


class PathwayCreateForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    slug = forms.SlugField(
        label=_("Short name for links"),
        max_length=100,
        help_text=_("Lower-case letters, digits and hyphens, e.g. cte-welding-completer."),
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    badge_class = forms.ModelChoiceField(
        queryset=BadgeClass.objects.none(),
        to_field_name="public_id",
        label=_("Badge awarded on completion"),
        help_text=_("Awarded automatically, once, when an earner completes the pathway."),
    )
    root_kind = forms.ChoiceField(
        label=_("The pathway needs"),
        choices=[(Kind.ALL, _("all of its requirements")), (Kind.N_OF, _("N of them"))],
        initial=Kind.ALL,
    )
    root_n = forms.IntegerField(label=_("N (for “N of”)"), min_value=1, required=False)

    def __init__(self, *args, badge_classes: QuerySet[BadgeClass], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["badge_class"].queryset = badge_classes

    def clean(self):
        data = super().clean()
        if data.get("root_kind") == Kind.N_OF and not data.get("root_n"):
            self.add_error("root_n", _("How many are needed?"))
        return data


def group_choices(groups: Iterable[tuple[PathwayRequirement, int, str]]) -> list[tuple[str, str]]:
    """(requirement, depth, label) → indented <option>s naming each group."""
    return [(str(req.public_id), f"{'— ' * depth}{label}") for req, depth, label in groups]


class RequirementAddForm(forms.Form):
    parent = forms.ChoiceField(label=_("Add to the group"))
    kind = forms.ChoiceField(
        label=_("What to add"),
        choices=[
            (Kind.BADGE, _("A badge")),
            (Kind.PATHWAY, _("A whole pathway (nested)")),
            (Kind.ALL, _("A group: all of…")),
            (Kind.N_OF, _("A group: N of…")),
        ],
    )
    badge_class = forms.ModelChoiceField(
        queryset=BadgeClass.objects.none(),
        to_field_name="public_id",
        required=False,
        label=_("Badge"),
    )
    nested_pathway = forms.ModelChoiceField(
        queryset=Pathway.objects.none(),
        to_field_name="public_id",
        required=False,
        label=_("Pathway"),
        help_text=_("Met by holding that pathway's badge."),
    )
    n = forms.IntegerField(label=_("N (for “N of”)"), min_value=1, required=False)
    label = forms.CharField(
        label=_("Group name"),
        max_length=200,
        required=False,
        help_text=_("For a group, e.g. “Skill badges”."),
    )

    def __init__(
        self,
        *args,
        groups: list[tuple[str, str]],
        badge_classes: QuerySet[BadgeClass],
        nested_pathways: QuerySet[Pathway],
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"].choices = groups
        self.fields["badge_class"].queryset = badge_classes
        self.fields["nested_pathway"].queryset = nested_pathways

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == Kind.BADGE and not data.get("badge_class"):
            self.add_error("badge_class", _("Choose the badge to add."))
        if kind == Kind.PATHWAY and not data.get("nested_pathway"):
            self.add_error("nested_pathway", _("Choose the pathway to add."))
        if kind == Kind.N_OF and not data.get("n"):
            self.add_error("n", _("How many are needed?"))
        return data


class AlertResolveForm(forms.Form):
    resolution = forms.ChoiceField(
        label=_("Decision"), choices=PathwayAlert.Resolution.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Reason (needed to revoke; verifiers will read it)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self):
        data = super().clean()
        if data.get("resolution") == PathwayAlert.Resolution.REVOKE and not data.get("reason"):
            self.add_error("reason", _("Give a reason for revoking."))
        return data


class CreditAgreementForm(forms.Form):
    badge_class = forms.ModelChoiceField(
        queryset=BadgeClass.objects.none(),
        to_field_name="public_id",
        required=False,
        label=_("Badge"),
    )
    pathway = forms.ModelChoiceField(
        queryset=Pathway.objects.none(),
        to_field_name="public_id",
        required=False,
        label=_("…or pathway"),
    )
    institution = forms.ModelChoiceField(
        queryset=Organization.objects.none(),
        to_field_name="public_id",
        required=False,
        label=_("College"),
    )
    program_name = forms.CharField(
        label=_("…or CTE program"),
        max_length=200,
        required=False,
        help_text=_("When the credit is granted by a CTE program rather than a college."),
    )
    course_code = forms.CharField(label=_("Course"), max_length=50, help_text=_("e.g. WELD 101"))
    course_title = forms.CharField(label=_("Course title"), max_length=200, required=False)
    credits = forms.DecimalField(
        label=_("Credits"), min_value=0.01, max_value=999.99, decimal_places=2
    )
    effective_from = forms.DateField(label=_("In effect from"), widget=DATE)
    signed_by_name = forms.CharField(label=_("Signed off by (name)"), max_length=200)
    signed_by_title = forms.CharField(label=_("Their title"), max_length=200)

    def __init__(
        self,
        *args,
        badge_classes: QuerySet[BadgeClass],
        pathways: QuerySet[Pathway],
        colleges: QuerySet[Organization],
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["badge_class"].queryset = badge_classes
        self.fields["pathway"].queryset = pathways
        self.fields["institution"].queryset = colleges
        self.fields["effective_from"].initial = timezone.localdate()

    def clean(self):
        data = super().clean()
        if bool(data.get("badge_class")) == bool(data.get("pathway")):
            raise forms.ValidationError(
                _("Choose one badge or one pathway (an agreement on a pathway is on its badge).")
            )
        if bool(data.get("institution")) == bool(data.get("program_name")):
            raise forms.ValidationError(_("Choose a college or name a CTE program (one of them)."))
        return data


class EndorsementForm(forms.Form):
    badge_class = forms.ModelChoiceField(
        queryset=BadgeClass.objects.none(), to_field_name="public_id", label=_("Badge")
    )
    endorser = forms.ModelChoiceField(
        queryset=Organization.objects.none(),
        to_field_name="public_id",
        label=_("Endorsing employer or association"),
    )
    comment = forms.CharField(
        label=_("Endorsement"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the endorser vouches for; published with the badge."),
    )
    endorsed_on = forms.DateField(label=_("Endorsed on"), widget=DATE)
    endorser_url = forms.URLField(
        label=_("Endorser's web site"),
        required=False,
        assume_scheme="https",
        help_text=_("Needed once, if the organization has none on file."),
    )
    endorser_email = forms.EmailField(
        label=_("Endorser's contact e-mail"),
        required=False,
        help_text=_("Needed once, if the organization has none on file."),
    )

    def __init__(
        self,
        *args,
        badge_classes: QuerySet[BadgeClass],
        endorsers: QuerySet[Organization],
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["badge_class"].queryset = badge_classes
        self.fields["endorser"].queryset = endorsers
        self.fields["endorsed_on"].initial = timezone.localdate()


# The console: awarding -------------------------------------------------------------


class PersonSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Find a person by name or e-mail"),
        max_length=100,
        required=False,
        help_text=_("People in the organizations you administer; at least two letters."),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )


class AwardOneForm(forms.Form):
    """Award a badge to one person chosen from a search. The people offered are the
    search's results; any person the actor administers is accepted."""

    badge_class = forms.ModelChoiceField(
        queryset=BadgeClass.objects.none(), to_field_name="public_id", label=_("Badge")
    )
    recipient = forms.ModelChoiceField(
        queryset=User.objects.none(),
        to_field_name="public_id",
        label=_("Person"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the person to award (search for them first).")},
    )
    evidence_url = forms.URLField(
        label=_("Evidence link (optional)"),
        required=False,
        assume_scheme="https",
        help_text=_("A web page showing the work, e.g. a portfolio or a lesson video."),
    )
    narrative = forms.CharField(
        label=_("How it was earned (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Published with the badge; verifiers read it."),
    )

    def __init__(
        self,
        *args,
        badge_classes: QuerySet[BadgeClass],
        people: QuerySet[User],
        offered: Iterable[User],
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["badge_class"].queryset = badge_classes
        self.fields["recipient"].queryset = people
        self.fields["recipient"].widget.choices = [
            (str(p.public_id), f"{p.get_full_name() or p.email} — {p.email}") for p in offered
        ]


class AwardToEmailForm(forms.Form):
    """Award a badge to an e-mail address: the account holding it, or (none does) the
    address itself, whose owner is invited to sign up (`assertion_award_to_email`)."""

    badge_class = forms.ModelChoiceField(
        queryset=BadgeClass.objects.none(), to_field_name="public_id", label=_("Badge")
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_(
            "If no account has this address, the badge is awarded to the address and an "
            "e-mail invites its owner to sign up; it becomes theirs once they confirm the "
            "address. Not for student badges: students come from the roster."
        ),
    )
    evidence_url = AwardOneForm.base_fields["evidence_url"]
    narrative = AwardOneForm.base_fields["narrative"]

    def __init__(self, *args, badge_classes: QuerySet[BadgeClass], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["badge_class"].queryset = badge_classes


class BulkUploadForm(forms.Form):
    badge_class = forms.ModelChoiceField(
        queryset=BadgeClass.objects.none(), to_field_name="public_id", label=_("Badge")
    )
    file = forms.FileField(
        label=_("CSV file"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
        help_text=_(
            "UTF-8 CSV with a header row: email (required), evidence_url, "
            "evidence_narrative, narrative. At most 2 MB and 5,000 lines."
        ),
    )

    def __init__(self, *args, badge_classes: QuerySet[BadgeClass], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["badge_class"].queryset = badge_classes


class RevocationSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Find a badge to revoke by the earner's name or e-mail, or the badge's name"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
