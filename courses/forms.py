"""Forms for the courses pages. They parse input; the services decide what is allowed."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from accounts.models import Membership, Organization, Section
from accounts.scopes import district_id_of
from badges.models import BadgeClass
from competencies.models import Competency
from core.forms import ObjectChoiceField, ObjectMultipleChoiceField
from evidence.models import ApprovalPolicy

from .models import (
    CheckQuestion,
    Cohort,
    Exemplar,
    ExemplarArtifact,
    GradeBand,
    Module,
    Step,
    Subject,
)
from .selectors import LibraryFilters

# Learner forms ---------------------------------------------------------------------------------

QUICK_MINUTES = 15  # "15 minutes or less"


def competency_choices(competencies: Iterable[Competency], *, blank: str) -> list:
    """Competencies grouped by framework for a <select> (optgroups), values are public ids."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for c in competencies:
        label = f"{c.code} — {c.statement}" if c.code else c.statement
        if len(label) > 90:
            label = label[:89] + "…"
        groups.setdefault(c.framework.title, []).append((str(c.public_id), label))
    return [("", blank), *groups.items()]


class LibraryFilterForm(forms.Form):
    """The library's GET form: words, competency, grade band, subject, format, quick."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("e.g. exit tickets")}),
    )
    competency = forms.ChoiceField(label=_("Competency"), required=False)
    grade_band = forms.ChoiceField(
        label=_("Grade band"),
        required=False,
        choices=[("", _("Any grade band")), *GradeBand.choices],
    )
    subject = forms.ChoiceField(
        label=_("Subject"), required=False, choices=[("", _("Any subject")), *Subject.choices]
    )
    format = forms.ChoiceField(
        label=_("Format"),
        required=False,
        choices=[("", _("Any format")), *Module.Format.choices],
    )
    quick = forms.BooleanField(label=_("15 minutes or less"), required=False)

    def __init__(self, *args, competencies: Sequence[Competency] = (), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["competency"].choices = competency_choices(
            competencies, blank=_("Any competency")
        )

    def filters(self) -> LibraryFilters:
        """The selector's filters; an invalid form searches with no filters."""
        data = self.cleaned_data if self.is_valid() else {}
        return LibraryFilters(
            q=data.get("q", ""),
            competency=data.get("competency", ""),
            grade_band=data.get("grade_band", ""),
            subject=data.get("subject", ""),
            format=data.get("format", ""),
            max_minutes=QUICK_MINUTES if data.get("quick") else None,
        )

    @property
    def active(self) -> bool:
        """Whether any search word or filter is set."""
        f = self.filters()
        return bool(f.q or f.competency or f.grade_band or f.subject or f.format or f.max_minutes)


class ExemplarFilterForm(forms.Form):
    """The exemplar library's GET form: words, grade band, subject, standard."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    grade_band = forms.ChoiceField(
        label=_("Grade band"),
        required=False,
        choices=[("", _("Any grade band")), *GradeBand.choices],
    )
    subject = forms.ChoiceField(
        label=_("Subject"), required=False, choices=[("", _("Any subject")), *Subject.choices]
    )
    competency = forms.ChoiceField(label=_("Standard or competency"), required=False)

    def __init__(self, *args, standards: Sequence[Competency] = (), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["competency"].choices = competency_choices(standards, blank=_("Any standard"))

    def filters(self) -> LibraryFilters:
        data = self.cleaned_data if self.is_valid() else {}
        return LibraryFilters(
            q=data.get("q", ""),
            competency=data.get("competency", ""),
            grade_band=data.get("grade_band", ""),
            subject=data.get("subject", ""),
        )


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


# Author forms ----------------------------------------------------------------------------------
# Authoring modules, assigning them, cohorts and exemplars. Choices are loaded when the form is
# built (lists, not querysets), so rendering a form never queries.

QUESTION_SLOTS = 5
CHOICE_SLOTS = 4
ARTIFACT_SLOTS = 4


def free_slug(model: type[Module] | type[Exemplar], text: str, *, fallback: str) -> str:
    """A slug made from `text` that `model` does not use yet (text, text-2, …): one query."""
    base = slugify(text)[:90].strip("-") or fallback
    taken = set(model.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def all_competencies() -> list[Competency]:
    return list(
        Competency.objects.select_related("framework").order_by(
            "framework__title", "list_order", "code", "pk"
        )
    )


def choose_district(form: forms.Form, districts: Sequence[Organization]) -> Organization | None:
    """One district: no question asked (the field goes; returns it). Several: a select."""
    if len(districts) == 1:
        del form.fields["organization"]
        return districts[0]
    form.fields["organization"].set_objects(districts, blank=_("Choose a district"))
    return None


def _badge_label(badge: BadgeClass) -> str:
    if badge.status == BadgeClass.Status.ACTIVE:
        return badge.name
    return f"{badge.name} ({badge.get_status_display()})"


class ModuleForm(forms.Form):
    """A module's details. `organizations` (the author's districts) only when creating."""

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
        org_ids: Iterable[int] | QuerySet,
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
        comps = all_competencies()
        self.fields["competencies"].set_objects(comps, competency_choices(comps, blank="")[1:])
        current = Q(pk__in=[module.leads_to_id, module.participation_badge_id]) if module else Q()
        badges = list(
            BadgeClass.objects.filter(
                Q(issuer__organization_id__in=org_ids, status=BadgeClass.Status.ACTIVE) | current
            )
            .select_related("issuer__organization")
            .annotate(
                takes_evidence=Exists(ApprovalPolicy.objects.filter(badge_class=OuterRef("pk")))
            )
            .order_by("name")
        )
        none = _("— None —")
        self.fields["leads_to"].set_objects(
            [b for b in badges if b.takes_evidence], label=_badge_label, blank=none
        )
        self.fields["participation_badge"].set_objects(badges, label=_badge_label, blank=none)
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
            if district_id_of(badge.issuer.organization) != org.pk:
                self.add_error(name, _("Choose a badge issued by this module's district."))
        return data

    def _unchanged(self, name: str, badge: BadgeClass) -> bool:
        return getattr(self.module, f"{name}_id") == badge.pk

    def details(self) -> dict[str, Any]:
        """Keyword arguments for `module_create` / `module_update`."""
        names = (
            "title", "summary", "minutes", "format", "grade_bands", "subjects", "competencies",
            "leads_to", "participation_badge",
        )  # fmt: skip
        return {name: self.cleaned_data[name] for name in names}

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
        self,
        *args: Any,
        modules: Sequence[Module],
        districts: Sequence[Organization],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        ids = [d.pk for d in districts]
        self.fields["module"].set_objects(
            modules,
            label=lambda m: (
                _("%(title)s (version %(v)d, %(min)d min)")
                % {"title": m.title, "v": m.version, "min": m.minutes}
            ),
            blank=_("Choose a module"),
        )
        schools = Organization.objects.filter(kind=Organization.Kind.SCHOOL, parent_id__in=ids)
        sections = Section.objects.filter(school__parent_id__in=ids).select_related("school")
        cohorts = Cohort.objects.filter(organization_id__in=ids)
        self.targets: dict[str, tuple[str, Any]] = {}
        groups = []
        for kind, heading, objects, label in (
            ("school", _("Schools"), schools.order_by("name"), str),
            (
                "section",
                _("Sections"),
                sections.order_by("school__name", "name"),
                lambda s: f"{s.name} · {s.school.name}",
            ),
            ("cohort", _("Cohorts"), cohorts.order_by("name"), str),
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

    def __init__(self, *args: Any, districts: Sequence[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.district = choose_district(self, districts)
        ids = [d.pk for d in districts]
        names = {d.pk: d.name for d in districts}
        people: dict[str, dict[str, Any]] = {}
        for m in (
            Membership.objects.filter(role__in=[Membership.Role.TEACHER, Membership.Role.COACH])
            .filter(Q(organization_id__in=ids) | Q(organization__parent_id__in=ids))
            .select_related("user", "organization")
            .order_by("user__name", "user__email", "organization__name")
        ):
            row = people.setdefault(
                str(m.user.public_id), {"user": m.user, "where": [], "districts": set()}
            )
            row["where"].append(f"{m.get_role_display()}, {m.organization.name}")
            row["districts"].add(district_id_of(m.organization))
        self.member_districts = {key: row["districts"] for key, row in people.items()}

        def label(row: dict[str, Any]) -> str:
            user = row["user"]
            return f"{user.get_full_name()} ({user.email}) — {'; '.join(row['where'])}"

        if len(districts) == 1:
            choices: list = [(key, label(row)) for key, row in people.items()]
        else:
            choices = [
                (
                    names[d],
                    [(key, label(row)) for key, row in people.items() if d in row["districts"]],
                )
                for d in ids
            ]
        self.fields["members"].set_objects([row["user"] for row in people.values()], choices)

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

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        comps = all_competencies()
        self.fields["standards"].set_objects(comps, competency_choices(comps, blank="")[1:])

    def exemplar(self) -> dict[str, Any]:
        """Keyword arguments for `exemplar_propose` / `exemplar_create` (what they share)."""
        names = (
            "title", "grade_band", "subject", "standards", "lesson_flow", "pedagogical_value",
            "reflection",
        )  # fmt: skip
        return {name: self.cleaned_data[name] for name in names}


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
