"""Brief shapes of what coaching names: schools, competencies, modules (by public id)."""

from __future__ import annotations

from rest_framework import serializers

from accounts.models import Organization
from competencies.models import Competency
from courses.models import Module


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
