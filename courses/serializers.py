"""Courses API shapes. Reads only: every write goes through `courses.services`.

Nothing here exposes a database id: modules, steps, questions, enrollments,
competencies and submissions are named by their public UUIDs (badges also by slug).
Output serializers read what `courses.selectors` (and the views) prefetched and run
no queries. A check question shows its choices' text only: which choice is correct,
and each choice's feedback, are told only in the answer to a check attempt.
"""

from __future__ import annotations

from django.db.models import TextChoices
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from competencies.models import Competency
from evidence.serializers import BadgeRefSerializer

from . import markdown
from .models import CheckQuestion, Enrollment, GradeBand, Module, Step, StepProgress, Subject

# Input ------------------------------------------------------------------------------------


class StepCompleteSerializer(serializers.Serializer):
    answer = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=20000,
        help_text="A reflect step's written answer (required for reflect steps).",
    )


class CheckSubmitSerializer(serializers.Serializer):
    answers = serializers.DictField(
        child=serializers.IntegerField(min_value=0),
        allow_empty=False,
        help_text="The chosen choice's index (from 0) per question, keyed by the question's "
        "public id.",
    )


class ApplySerializer(serializers.Serializer):
    attach_reflections = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Attach this module's reflection answers to the draft submission.",
    )


# Output -----------------------------------------------------------------------------------


def _named_choice_field(
    component: str, choices: type[TextChoices]
) -> type[serializers.ChoiceField]:
    """A read-only choice field whose enum is its own, named schema component.

    drf-spectacular names enums after the field (`kind`, `status`), so the same name on
    other apps' serializers would collide and rename their enums too.
    """
    schema = {
        "type": "string",
        "enum": list(choices.values),
        "description": "\n".join(f"* `{value}` - {label}" for value, label in choices.choices),
    }

    @extend_schema_field(schema, component_name=component)
    class Field(serializers.ChoiceField):
        def __init__(self, **kwargs) -> None:
            kwargs.setdefault("read_only", True)
            super().__init__(choices=choices.choices, **kwargs)

    Field.__name__ = Field.__qualname__ = f"{component}Field"
    return Field


StepKindField = _named_choice_field("StepKindEnum", Step.Kind)
ModuleStatusField = _named_choice_field("ModuleStatusEnum", Module.Status)
ModuleFormatField = _named_choice_field("ModuleFormatEnum", Module.Format)
GradeBandField = _named_choice_field("GradeBandEnum", GradeBand)
SubjectField = _named_choice_field("SubjectEnum", Subject)


class CompetencyRefSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)

    class Meta:
        model = Competency
        fields = ["id", "code", "statement"]
        read_only_fields = fields


class ModuleSerializer(serializers.ModelSerializer):
    """A module in the library (search results)."""

    id = serializers.UUIDField(source="public_id", read_only=True)
    organization = serializers.CharField(source="organization.name", read_only=True)
    format = ModuleFormatField()
    grade_bands = serializers.ListField(child=GradeBandField(), read_only=True)
    subjects = serializers.ListField(child=SubjectField(), read_only=True)
    competencies = CompetencyRefSerializer(many=True, read_only=True)
    leads_to = BadgeRefSerializer(
        read_only=True,
        allow_null=True,
        help_text="The micro-credential this module helps you apply for.",
    )
    step_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Module
        fields = [
            "id",
            "slug",
            "version",
            "title",
            "summary",
            "minutes",
            "format",
            "grade_bands",
            "subjects",
            "competencies",
            "organization",
            "leads_to",
            "step_count",
            "published_at",
        ]
        read_only_fields = fields


class QuestionSerializer(serializers.ModelSerializer):
    """A check question as a learner sees it before answering: no answers, no feedback."""

    id = serializers.UUIDField(source="public_id", read_only=True)
    choices = serializers.SerializerMethodField(
        help_text="The choices' text; answer with a choice's index (from 0)."
    )

    class Meta:
        model = CheckQuestion
        fields = ["id", "prompt", "choices"]
        read_only_fields = fields

    def get_choices(self, obj: CheckQuestion) -> list[str]:
        return [str(choice.get("text", "")) for choice in obj.choices]


class StepSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    kind = StepKindField()
    body = serializers.CharField(read_only=True, help_text="Markdown, as written.")
    body_html = serializers.SerializerMethodField(help_text="The body rendered and sanitized.")
    pass_mark = serializers.SerializerMethodField(
        help_text="Percent correct needed to pass a check step; null for other kinds."
    )
    questions = QuestionSerializer(
        many=True, read_only=True, help_text="A check step's questions; empty for other kinds."
    )

    class Meta:
        model = Step
        fields = [
            "id",
            "position",
            "kind",
            "title",
            "body",
            "body_html",
            "video_url",
            "transcript",
            "prompt",
            "pass_mark",
            "questions",
        ]
        read_only_fields = fields

    def get_body_html(self, obj: Step) -> str:
        return markdown.render(obj.body)

    def get_pass_mark(self, obj: Step) -> int | None:
        return obj.pass_mark if obj.kind == Step.Kind.CHECK else None


class ModuleDetailSerializer(ModuleSerializer):
    """A module version with its steps, as `selectors.module_for_learner` prepares it."""

    status = ModuleStatusField()
    participation_badge = BadgeRefSerializer(
        read_only=True,
        allow_null=True,
        help_text="Awarded directly when a learner finishes the module.",
    )
    steps = StepSerializer(many=True, read_only=True)
    enrollment = serializers.SerializerMethodField(
        help_text="My enrollment in this module (any version), if I have started it."
    )

    class Meta(ModuleSerializer.Meta):
        fields = [
            *(f for f in ModuleSerializer.Meta.fields if f != "step_count"),
            "status",
            "participation_badge",
            "steps",
            "enrollment",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.UUIDField(allow_null=True))
    def get_enrollment(self, obj: Module) -> str | None:
        enrollment = self.context.get("enrollment")
        return str(enrollment.public_id) if enrollment is not None else None


class ModuleRefSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    format = ModuleFormatField()
    status = ModuleStatusField()
    leads_to = BadgeRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Module
        fields = ["id", "slug", "version", "title", "minutes", "format", "status", "leads_to"]
        read_only_fields = fields


class EnrollmentSerializer(serializers.ModelSerializer):
    """An enrollment with progress counts, as `selectors.my_learning` annotates it."""

    id = serializers.UUIDField(source="public_id", read_only=True)
    module = ModuleRefSerializer(read_only=True)
    last_step = serializers.SlugRelatedField(
        slug_field="public_id",
        read_only=True,
        allow_null=True,
        help_text="The step worked on last (its public id): where to resume.",
    )
    steps_total = serializers.IntegerField(read_only=True)
    steps_done = serializers.IntegerField(read_only=True)

    class Meta:
        model = Enrollment
        fields = [
            "id",
            "module",
            "started_at",
            "last_active_at",
            "completed_at",
            "last_step",
            "steps_total",
            "steps_done",
        ]
        read_only_fields = fields


class StepRefSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    kind = StepKindField()

    class Meta:
        model = Step
        fields = ["id", "position", "kind", "title"]
        read_only_fields = fields


class StepProgressSerializer(serializers.ModelSerializer):
    step = StepRefSerializer(read_only=True)
    answer = serializers.CharField(read_only=True, help_text="A reflect step's written answer.")
    attempts = serializers.IntegerField(read_only=True, help_text="Check attempts so far.")
    best_score = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="A check's best score, in percent."
    )

    class Meta:
        model = StepProgress
        fields = ["step", "completed_at", "answer", "attempts", "best_score"]
        read_only_fields = fields


class EnrollmentDetailSerializer(EnrollmentSerializer):
    steps = serializers.SerializerMethodField(
        help_text="Every step of the version I am taking, in order, with my progress."
    )

    class Meta(EnrollmentSerializer.Meta):
        fields = [*EnrollmentSerializer.Meta.fields, "steps"]
        read_only_fields = fields

    @extend_schema_field(StepProgressSerializer(many=True))
    def get_steps(self, obj: Enrollment) -> list[dict]:
        done = self.context.get("progress", {})
        rows = [
            done.get(step.pk) or StepProgress(enrollment=obj, step=step, attempts=0)
            for step in obj.module.steps.all()
        ]
        return StepProgressSerializer(rows, many=True, context=self.context).data


class QuestionResultSerializer(serializers.Serializer):
    question = serializers.UUIDField(source="question.public_id", help_text="The question's id.")
    chosen = serializers.IntegerField(
        allow_null=True, help_text="The index of the choice given; null if none (or invalid)."
    )
    correct = serializers.BooleanField()
    feedback = serializers.CharField(help_text="Feedback on the choice given.")


class CheckResultSerializer(serializers.Serializer):
    score = serializers.IntegerField(source="attempt.score", help_text="Percent correct.")
    passed = serializers.BooleanField()
    pass_mark = serializers.IntegerField(source="attempt.step.pass_mark")
    results = QuestionResultSerializer(many=True)


class ApplyResultSerializer(serializers.Serializer):
    submission = serializers.UUIDField(help_text="The draft evidence submission's public id.")
    url = serializers.URLField(help_text="The page where you add evidence and submit it.")
    api_url = serializers.URLField(help_text="The submission in the evidence API.")
