"""Coaching API shapes. Reads only: every write goes through `coaching.services`.

Nothing here exposes a database id; people, schools, sessions, goals, steps, modules,
badges and competencies are named by their public UUIDs.

Private notes: only `CoachingSessionAuthorSerializer` has the field, and the API uses it
for a session only when `permissions.can_read_private_notes` holds (the coach who logged
it). The teacher's view, `CoachingSessionSerializer`, has no such field at all.
"""

from __future__ import annotations

from django.db.models import QuerySet, TextChoices
from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import Organization, User
from badges.models import BadgeClass
from competencies.models import Competency
from courses.models import Module
from evidence.serializers import BadgeRefSerializer, PersonSerializer

from . import selectors
from .models import ActionStep, CoachingAssignment, CoachingSession, Goal, Recommendation


def _named_choice_field(
    component: str, choices: type[TextChoices]
) -> type[serializers.ChoiceField]:
    """A choice field whose enum is its own, named schema component (drf-spectacular
    names enums after the field, so `kind` and `status` would collide with other apps')."""
    schema = {
        "type": "string",
        "enum": list(choices.values),
        "description": "\n".join(f"* `{value}` - {label}" for value, label in choices.choices),
    }

    @extend_schema_field(schema, component_name=component)
    class Field(serializers.ChoiceField):
        def __init__(self, **kwargs) -> None:
            super().__init__(choices=choices.choices, **kwargs)

    Field.__name__ = Field.__qualname__ = f"{component}Field"
    return Field


SessionKindField = _named_choice_field("CoachingSessionKindEnum", CoachingSession.Kind)
GoalStatusField = _named_choice_field("GoalStatusEnum", Goal.Status)


class ScopedPublicIdField(serializers.SlugRelatedField):
    """An object named by its public id, looked up only among those the caller may name
    here (`scope(user)`), so another coach's teacher reads the same as no such teacher."""

    def __init__(self, *, scope, not_found: str, **kwargs) -> None:
        self.scope = scope
        kwargs.setdefault("error_messages", {})
        kwargs["error_messages"].setdefault("does_not_exist", not_found)
        kwargs["error_messages"].setdefault("invalid", not_found)
        super().__init__(slug_field="public_id", **kwargs)

    def get_queryset(self) -> QuerySet:
        return self.scope(self.context["request"].user, self.queryset)


def _caseload_teachers(user: User, users: QuerySet[User]) -> QuerySet[User]:
    return users.filter(pk__in=selectors.current_caseload(user).values("teacher_id"))


def _my_sessions(user: User, sessions: QuerySet[CoachingSession]) -> QuerySet[CoachingSession]:
    return sessions.filter(coach=user)


def _caseload_goals(user: User, goals: QuerySet[Goal]) -> QuerySet[Goal]:
    return goals.filter(teacher_id__in=selectors.current_caseload(user).values("teacher_id"))


def _published(_user: User, modules: QuerySet[Module]) -> QuerySet[Module]:
    return modules.filter(status=Module.Status.PUBLISHED)


def caseload_teacher_field(**kwargs) -> ScopedPublicIdField:
    return ScopedPublicIdField(
        queryset=User.objects.filter(is_active=True),
        scope=_caseload_teachers,
        not_found="No such teacher on your caseload.",
        help_text="The public id of a teacher on your current caseload.",
        **kwargs,
    )


def published_module_field(**kwargs) -> ScopedPublicIdField:
    return ScopedPublicIdField(
        queryset=Module.objects.all(),
        scope=_published,
        not_found="No such published module.",
        **kwargs,
    )


def competency_field(**kwargs) -> serializers.SlugRelatedField:
    return serializers.SlugRelatedField(
        slug_field="public_id", queryset=Competency.objects.all(), **kwargs
    )


NOTES = {"required": False, "allow_blank": True, "default": "", "max_length": 20000}


# Input ------------------------------------------------------------------------------------


class AssignmentListQuerySerializer(serializers.Serializer):
    current = serializers.BooleanField(
        required=False, default=False, help_text="Only assignments that have not ended."
    )


class AssignmentCreateSerializer(serializers.Serializer):
    coach = serializers.SlugRelatedField(
        slug_field="public_id",
        queryset=User.objects.filter(is_active=True),
        help_text="The coach's public id.",
    )
    teacher = serializers.SlugRelatedField(
        slug_field="public_id",
        queryset=User.objects.filter(is_active=True),
        help_text="The teacher's public id.",
    )
    school = serializers.SlugRelatedField(
        slug_field="public_id",
        queryset=Organization.objects.filter(kind=Organization.Kind.SCHOOL),
        help_text="The public id of the school where the teacher teaches.",
    )
    starts_on = serializers.DateField(required=False, help_text="Today if left out.")


class AssignmentEndSerializer(serializers.Serializer):
    ends_on = serializers.DateField(required=False, help_text="Today if left out.")


class SessionListQuerySerializer(serializers.Serializer):
    teacher = serializers.UUIDField(
        required=False,
        help_text="A teacher's public id: yourself, or a teacher you coach or have coached.",
    )


class SessionLogSerializer(serializers.Serializer):
    teacher = caseload_teacher_field()
    held_on = serializers.DateField(default=timezone.localdate, help_text="Today if left out.")
    minutes = serializers.IntegerField(min_value=1, max_value=600)
    kind = SessionKindField()
    focus = competency_field(
        many=True, required=False, help_text="Public ids of the competencies in focus."
    )
    shared_notes = serializers.CharField(**NOTES, help_text="The teacher sees these.")
    private_notes = serializers.CharField(
        **NOTES, help_text="Only you see these; never shown to the teacher or exported."
    )
    next_steps = serializers.CharField(**NOTES)
    follow_up_on = serializers.DateField(required=False, allow_null=True, default=None)


class GoalListQuerySerializer(serializers.Serializer):
    teacher = serializers.UUIDField(
        required=False,
        help_text="A teacher's public id: yourself, or a teacher on your current caseload.",
    )
    status = GoalStatusField(required=False)


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


class RecommendationCreateSerializer(serializers.Serializer):
    teacher = caseload_teacher_field()
    module = published_module_field(help_text="The public id of a published module.")
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)
    session = ScopedPublicIdField(
        queryset=CoachingSession.objects.all(),
        scope=_my_sessions,
        not_found="No such session of yours.",
        required=False,
        allow_null=True,
        default=None,
        help_text="The public id of the session (with this teacher) it comes from.",
    )
    goal = ScopedPublicIdField(
        queryset=Goal.objects.all(),
        scope=_caseload_goals,
        not_found="No such goal on your caseload.",
        required=False,
        allow_null=True,
        default=None,
        help_text="The public id of this teacher's goal it serves; the module is linked to it.",
    )


# Output -----------------------------------------------------------------------------------


class SchoolBriefSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)

    class Meta:
        model = Organization
        fields = ["id", "slug", "name"]
        read_only_fields = fields


class CompetencyBriefSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)

    class Meta:
        model = Competency
        fields = ["id", "code", "statement"]
        read_only_fields = fields


class ModuleBriefSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)

    class Meta:
        model = Module
        fields = ["id", "slug", "version", "title"]
        read_only_fields = fields


class CoachingAssignmentSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    coach = PersonSerializer(read_only=True)
    teacher = PersonSerializer(read_only=True)
    school = SchoolBriefSerializer(read_only=True)
    current = serializers.SerializerMethodField(help_text="The assignment has not ended.")

    class Meta:
        model = CoachingAssignment
        fields = ["id", "coach", "teacher", "school", "starts_on", "ends_on", "current"]
        read_only_fields = fields

    def get_current(self, obj: CoachingAssignment) -> bool:
        return obj.ends_on is None


class CoachingSessionSerializer(serializers.ModelSerializer):
    """A session as its teacher sees it: shared notes and next steps, no private notes."""

    VIEW = "shared"

    view = serializers.SerializerMethodField(
        help_text="`shared`: the teacher's view, without private notes; "
        "`author`: the logging coach's view, with them."
    )
    id = serializers.UUIDField(source="public_id", read_only=True)
    coach = PersonSerializer(read_only=True)
    teacher = PersonSerializer(read_only=True)
    school = SchoolBriefSerializer(read_only=True)
    kind = SessionKindField(read_only=True)
    focus = CompetencyBriefSerializer(many=True, read_only=True)

    class Meta:
        model = CoachingSession
        fields = [
            "view",
            "id",
            "coach",
            "teacher",
            "school",
            "held_on",
            "minutes",
            "kind",
            "focus",
            "shared_notes",
            "next_steps",
            "follow_up_on",
            "created_at",
        ]
        read_only_fields = fields

    @extend_schema_field({"type": "string", "enum": ["shared"]})
    def get_view(self, obj: CoachingSession) -> str:
        return self.VIEW


class CoachingSessionAuthorSerializer(CoachingSessionSerializer):
    """A session as the coach who logged it sees it, with their private notes."""

    VIEW = "author"

    private_notes = serializers.CharField(
        source="own_private_notes",
        read_only=True,
        help_text="Only the coach who logged the session ever sees these.",
    )

    class Meta(CoachingSessionSerializer.Meta):
        fields = [*CoachingSessionSerializer.Meta.fields, "private_notes"]
        read_only_fields = fields

    @extend_schema_field({"type": "string", "enum": ["author"]})
    def get_view(self, obj: CoachingSession) -> str:
        return self.VIEW


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
    """A goal with its action steps and where its linked modules and badges stand."""

    # Serialize `progress.goal` from `selectors.goals_with_progress`, with the
    # `GoalProgress` as context `progress`; it prefetched the steps and links.

    action_steps = ActionStepSerializer(many=True, read_only=True)
    progress = serializers.SerializerMethodField()

    class Meta(GoalSerializer.Meta):
        fields = [*GoalSerializer.Meta.fields, "action_steps", "progress"]
        read_only_fields = fields

    @extend_schema_field(GoalProgressSerializer)
    def get_progress(self, obj: Goal) -> dict:
        return GoalProgressSerializer(self.context["progress"]).data


class RecommendationSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    teacher = PersonSerializer(read_only=True)
    coach = PersonSerializer(read_only=True)
    module = ModuleBriefSerializer(read_only=True)
    session = serializers.SlugRelatedField(
        slug_field="public_id",
        read_only=True,
        allow_null=True,
        help_text="The public id of the session it came from.",
    )
    goal = serializers.SlugRelatedField(
        slug_field="public_id",
        read_only=True,
        allow_null=True,
        help_text="The public id of the goal it serves.",
    )

    class Meta:
        model = Recommendation
        fields = [
            "id",
            "teacher",
            "coach",
            "module",
            "note",
            "session",
            "goal",
            "created_at",
            "dismissed_at",
        ]
        read_only_fields = fields
