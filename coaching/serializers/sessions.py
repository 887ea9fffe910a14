"""Session logs. Only `CoachingSessionAuthorSerializer` has a private notes field, and
the API uses it for a session only when the session policy's `read_private_notes` holds
(the coach who logged it); the teacher's view, `CoachingSessionSerializer`, has none."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from evidence.serializers import PersonSerializer

from ..models import CoachingSession
from .fields import NOTES, SessionKindField, caseload_teacher_field, competency_field
from .refs import CompetencyBriefSerializer, SchoolBriefSerializer


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
    """A session as the coach who logged it sees it, with their private notes (the
    `own_private_notes` that `selectors.visible_sessions` reads for its author only)."""

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
