"""The console's badge-class forms: the badge itself (create and edit), the list's
filters, the alignment search, the curriculum links and the workflow's moves. They
parse input; the services in `badges.services.badge_classes` decide (the image is
checked there, by content, and a refusal comes back to the image field)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from accounts.models import Section
from competencies.models import Competency, Framework
from core.forms import ObjectChoiceField, ObjectMultipleChoiceField

from ..models import BadgeClass, Issuer

IMAGE_TYPES = "image/png,image/svg+xml,.png,.svg"


class BadgeClassForm(forms.Form):
    """What a badge says. Creating, it also asks for the issuer, a slug (made from the
    name when left empty) and an image; editing, the image may be left as it is."""

    # Service refusal codes -> the field they are about.
    ERROR_FIELDS: ClassVar[dict[str, str]] = {
        "bad_image": "image",
        "slug": "slug",
        "name": "name",
        "description": "description",
        "criteria_narrative": "criteria_narrative",
        "audience": "audience",
        "credit_hours": "credit_hours",
        "credit_institution": "credit_institution",
        "valid_for_days": "valid_for_days",
    }
    # Grouped on the page under these headings.
    SECTIONS: ClassVar[list[tuple[str, list[str]]]] = [
        (_("The badge"), ["issuer", "name", "slug", "description", "image", "audience"]),
        (_("Criteria"), ["criteria_narrative", "criteria_url"]),
        (
            _("Credit equivalency"),
            ["credit_institution", "credit_hours", "credit_course_code", "cte_competency"],
        ),
        (_("Validity"), ["valid_for_days"]),
    ]

    issuer = ObjectChoiceField(label=_("Issuer"))
    name = forms.CharField(label=_("Name"), max_length=200)
    slug = forms.SlugField(
        label=_("Short name in addresses"),
        max_length=100,
        required=False,
        help_text=_(
            "Letters, numbers and hyphens, used by `manage.py award --badge`. Leave empty to "
            "make one from the name. It cannot be changed later."
        ),
    )
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}))
    image = forms.FileField(
        label=_("Image"),
        help_text=_(
            "A PNG (at most 4,096 pixels on a side) or an SVG file. Scripts and links to "
            "other sites are removed from an SVG."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": IMAGE_TYPES}),
    )
    audience = forms.ChoiceField(label=_("For"), choices=BadgeClass.Audience.choices)
    criteria_narrative = forms.CharField(
        label=_("What an earner must show"), widget=forms.Textarea(attrs={"rows": 4})
    )
    criteria_url = forms.URLField(
        label=_("Criteria page (optional)"),
        required=False,
        assume_scheme="https",
        max_length=200,
        help_text=_("A web page that explains the criteria in full."),
    )
    credit_institution = forms.CharField(
        label=_("Institution granting credit"), max_length=200, required=False
    )
    credit_hours = forms.DecimalField(
        label=_("Credits"),
        required=False,
        min_value=0.01,
        max_digits=5,
        decimal_places=2,
        help_text=_("How many credits the badge equals at that institution."),
    )
    credit_course_code = forms.CharField(label=_("Course code"), max_length=50, required=False)
    cte_competency = ObjectChoiceField(
        label=_("Equivalent CTE competency"),
        required=False,
        help_text=_("Chosen among the badge's alignments."),
    )
    valid_for_days = forms.IntegerField(
        label=_("Expires after (days)"),
        required=False,
        min_value=1,
        max_value=36500,
        help_text=_("Leave empty for a badge that does not expire."),
    )

    def __init__(
        self,
        *args: Any,
        issuers: Iterable[Issuer] | None = None,
        alignments: Iterable[Competency] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        editing = issuers is None
        if editing:
            del self.fields["issuer"], self.fields["slug"]
            self.fields["image"].required = False
            self.fields["image"].help_text = _(
                "Leave empty to keep the current image. %(rules)s"
            ) % {"rules": self.fields["image"].help_text}
        else:
            self.fields["issuer"].set_objects(issuers, blank=_("Choose an issuer"))
        if alignments:
            self.fields["cte_competency"].set_objects(
                alignments, label=lambda c: str(c), blank=_("None")
            )
        else:
            del self.fields["cte_competency"]

    def sections(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [
            (title, [self[name] for name in names if name in self.fields])
            for title, names in self.SECTIONS
        ]

    def clean_image(self) -> bytes | None:
        upload = self.cleaned_data.get("image")
        if not upload:
            return None
        # Read one byte past the limit so that the service can say the file is too big.
        return upload.read(settings.BADGE_IMAGE_MAX_BYTES + 1)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("credit_hours") is not None and not data.get("credit_institution"):
            self.add_error("credit_institution", _("Name the institution that grants the credit."))
        return data

    def values(self) -> dict[str, Any]:
        """The badge's fields as the services take them (no issuer, slug or image)."""
        data = dict(self.cleaned_data)
        for name in ("issuer", "slug", "image"):
            data.pop(name, None)
        return data

    @staticmethod
    def initial_from(badge_class: BadgeClass) -> dict[str, Any]:
        return {
            "name": badge_class.name,
            "description": badge_class.description,
            "audience": badge_class.audience,
            "criteria_narrative": badge_class.criteria_narrative,
            "criteria_url": badge_class.criteria_url,
            "credit_institution": badge_class.credit_institution,
            "credit_hours": badge_class.credit_hours,
            "credit_course_code": badge_class.credit_course_code,
            "cte_competency": (
                str(badge_class.cte_competency.public_id) if badge_class.cte_competency else ""
            ),
            "valid_for_days": badge_class.valid_for_days,
        }


class BadgeClassFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *BadgeClass.Status.choices],
    )
    issuer = ObjectChoiceField(label=_("Issuer"), required=False)

    def __init__(self, *args: Any, issuers: Iterable[Issuer], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["issuer"].set_objects(issuers, blank=_("Any issuer"))


class AlignmentSearchForm(forms.Form):
    """Which framework to browse, and words to look for in its competencies."""

    framework = ObjectChoiceField(label=_("Framework"), required=False)
    q = forms.CharField(
        label=_("Search competencies"),
        required=False,
        max_length=100,
        help_text=_("A code or words of the statement."),
    )

    def __init__(self, *args: Any, frameworks: Iterable[Framework], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["framework"].set_objects(
            frameworks, label=lambda f: f.title, blank=_("Choose a framework")
        )


class AlignmentChangeForm(forms.Form):
    """Competencies to add (among those the search showed) and to remove (among the
    badge's alignments)."""

    add = ObjectMultipleChoiceField(
        label=_("Align to"), required=False, widget=forms.CheckboxSelectMultiple
    )
    remove = ObjectMultipleChoiceField(
        label=_("Remove"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(
        self,
        *args: Any,
        offered: Iterable[Competency],
        aligned: Iterable[Competency],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["add"].set_objects(offered)
        self.fields["remove"].set_objects(aligned)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("add") and not data.get("remove"):
            raise forms.ValidationError(_("Tick at least one competency to add or to remove."))
        return data


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").replace(",", "\n").splitlines() if line.strip()]


class CurriculumForm(forms.Form):
    """Sections (among those offered), course codes and subjects the badge is taught in."""

    sections = ObjectMultipleChoiceField(
        label=_("Sections"), required=False, widget=forms.CheckboxSelectMultiple
    )
    course_codes = forms.CharField(
        label=_("Course codes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One per line: every section of that course. E.g. CTE-WELD-1"),
    )
    subjects = forms.CharField(
        label=_("Subjects"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One per line: every section of that subject. E.g. Welding"),
    )

    def __init__(self, *args: Any, sections: Iterable[Section], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sections"].set_objects(sections, label=lambda s: f"{s.name} — {s.school.name}")

    def clean_course_codes(self) -> list[str]:
        return _lines(self.cleaned_data.get("course_codes", ""))

    def clean_subjects(self) -> list[str]:
        return _lines(self.cleaned_data.get("subjects", ""))


class MoveForm(forms.Form):
    """A workflow move; archiving may say why (kept in the badge's history)."""

    reason = forms.CharField(label=_("Why (optional)"), required=False, max_length=500)
