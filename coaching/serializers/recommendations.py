"""Module recommendations from a coach to a teacher."""

from __future__ import annotations

from rest_framework import serializers

from evidence.serializers import PersonSerializer

from ..models import CoachingSession, Goal, Recommendation
from .fields import (
    ScopedPublicIdField,
    caseload_goals,
    caseload_teacher_field,
    published_module_field,
    usable_sessions,
)
from .refs import ModuleBriefSerializer


class RecommendationCreateSerializer(serializers.Serializer):
    teacher = caseload_teacher_field()
    module = published_module_field(help_text="The public id of a published module.")
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)
    session = ScopedPublicIdField(
        queryset=CoachingSession.objects.defer("private_notes"),
        scope=usable_sessions,
        not_found="No such session of yours.",
        required=False,
        allow_null=True,
        default=None,
        help_text="The public id of the session (with this teacher) it comes from.",
    )
    goal = ScopedPublicIdField(
        queryset=Goal.objects.all(),
        scope=caseload_goals,
        not_found="No such goal on your caseload.",
        required=False,
        allow_null=True,
        default=None,
        help_text="The public id of this teacher's goal it serves; the module is linked to it.",
    )


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
