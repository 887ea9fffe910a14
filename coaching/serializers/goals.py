"""Goals with their action steps, links and progress."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from badges.models import BadgeClass
from evidence.serializers import BadgeRefSerializer, PersonSerializer

from ..models import ActionStep, Goal
from .fields import (
    GoalStatusField,
    caseload_teacher_field,
    competency_field,
    published_module_field,
)
from .refs import CompetencyBriefSerializer, ModuleBriefSerializer


class GoalCreateSerializer(serializers.Serializer):
    teacher = caseload_teacher_field()
    statement = serializers.CharField(max_length=5000)
    competency = competency_field(
        required=False, allow_null=True, default=None, help_text="The aligned competency."
    )
    target_date = serializers.DateField(required=False, allow_null=True, default=None)
    modules = published_module_field(
        many=True, required=False, help_text="Public ids of modules that evidence the goal."
    )
    badge_classes = serializers.SlugRelatedField(
        slug_field="public_id",
        queryset=BadgeClass.objects.exclude(status=BadgeClass.Status.DRAFT),
        many=True,
        required=False,
        help_text="Public ids of badge classes that evidence the goal.",
    )


class GoalStatusSerializer(serializers.Serializer):
    status = GoalStatusField()


class ActionStepCreateSerializer(serializers.Serializer):
    description = serializers.CharField(max_length=300)
    owner = serializers.UUIDField(
        required=False,
        help_text="The public id of the goal's teacher or coach; the teacher if left out.",
    )
    due_on = serializers.DateField(required=False, allow_null=True, default=None)

    def validate_owner(self, value):
        goal: Goal = self.context["goal"]
        people = {goal.teacher.public_id: goal.teacher, goal.coach.public_id: goal.coach}
        if value not in people:
            raise serializers.ValidationError("An action step belongs to the teacher or the coach.")
        return people[value]


class ActionStepDoneSerializer(serializers.Serializer):
    done = serializers.BooleanField(required=False, default=True, help_text="False reopens it.")


class ActionStepSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    owner = PersonSerializer(read_only=True)
    done = serializers.SerializerMethodField()

    class Meta:
        model = ActionStep
        fields = ["id", "description", "owner", "due_on", "done", "done_at"]
        read_only_fields = fields

    def get_done(self, obj: ActionStep) -> bool:
        return obj.done_at is not None


class GoalSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    teacher = PersonSerializer(read_only=True)
    coach = PersonSerializer(read_only=True)
    competency = CompetencyBriefSerializer(read_only=True, allow_null=True)
    status = GoalStatusField(read_only=True)
    modules = ModuleBriefSerializer(many=True, read_only=True)
    badge_classes = BadgeRefSerializer(many=True, read_only=True)

    class Meta:
        model = Goal
        fields = [
            "id",
            "teacher",
            "coach",
            "statement",
            "competency",
            "target_date",
            "status",
            "modules",
            "badge_classes",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class GoalProgressSerializer(serializers.Serializer):
    """Where the goal's linked modules and badges stand, by title and name."""

    modules_finished = serializers.ListField(child=serializers.CharField(), read_only=True)
    modules_pending = serializers.ListField(child=serializers.CharField(), read_only=True)
    submissions_in_review = serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        help_text="Linked badges the teacher has evidence in review for.",
    )
    badges_earned = serializers.ListField(child=serializers.CharField(), read_only=True)
    badges_pending = serializers.ListField(child=serializers.CharField(), read_only=True)


class GoalDetailSerializer(GoalSerializer):
    """A goal with its action steps and where its linked modules and badges stand.

    Serialize `progress.goal` of a `selectors.GoalProgress`, with the progress as context
    `progress` (the selector prefetched the steps and links)."""

    action_steps = ActionStepSerializer(many=True, read_only=True)
    progress = serializers.SerializerMethodField()

    class Meta(GoalSerializer.Meta):
        fields = [*GoalSerializer.Meta.fields, "action_steps", "progress"]
        read_only_fields = fields

    @extend_schema_field(GoalProgressSerializer)
    def get_progress(self, obj: Goal) -> dict:
        return GoalProgressSerializer(self.context["progress"]).data
