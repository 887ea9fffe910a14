"""Caseload assignments: who coaches which teacher, at which school, when."""

from __future__ import annotations

from rest_framework import serializers

from accounts.models import Organization, User
from evidence.serializers import PersonSerializer

from ..models import CoachingAssignment
from .refs import SchoolBriefSerializer


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
