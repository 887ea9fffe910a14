"""Evidence API shapes. Reads only: every write goes through `evidence.services`.

Nothing here exposes a database id; people, badges, submissions, artifacts, reviews
and rubric criteria are named by their public UUIDs (badges also by slug).
Output serializers read what `evidence.selectors` prefetched and run no queries.
"""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import User
from badges.models import BadgeClass

from .models import (
    Artifact,
    Review,
    RubricCriterion,
    StatusChange,
    Submission,
)

# Input ------------------------------------------------------------------------------------


class SubmissionStartSerializer(serializers.Serializer):
    badge = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=BadgeClass.objects.select_related("issuer__organization"),
        help_text="The badge class's slug.",
    )
    earner = serializers.SlugRelatedField(
        slug_field="public_id",
        queryset=User.objects.filter(is_active=True),
        required=False,
        allow_null=True,
        help_text="A student's public id, when a teacher starts on their behalf. "
        "Leave out to start your own.",
    )


class WithdrawSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class EvidencePublicSerializer(serializers.Serializer):
    public = serializers.BooleanField(
        help_text="Show the evidence with the badge once it is awarded."
    )


class ArtifactCreateSerializer(serializers.Serializer):
    """A link or a written reflection (JSON). Files are sent as multipart."""

    kind = serializers.ChoiceField(choices=Artifact.Kind.choices)
    title = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    url = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="For `link`: the web address."
    )
    text = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        trim_whitespace=False,
        help_text="For `reflection`: the written text.",
    )

    def validate(self, attrs: dict) -> dict:
        kind = attrs["kind"]
        if kind == Artifact.Kind.FILE and not attrs.get("file"):
            raise serializers.ValidationError(
                {"file": "Attach a file (send the request as multipart/form-data)."}
            )
        if kind == Artifact.Kind.LINK and not attrs.get("url"):
            raise serializers.ValidationError({"url": "Give the link's web address."})
        if kind == Artifact.Kind.REFLECTION and not attrs.get("text", "").strip():
            raise serializers.ValidationError({"text": "Write the reflection."})
        return attrs


@extend_schema_field(OpenApiTypes.BINARY)
class UploadField(serializers.FileField):
    """A file sent as a multipart/form-data part (the schema says binary, not a URL)."""


class ArtifactUploadSerializer(ArtifactCreateSerializer):
    """Any kind of artifact; a `file` artifact needs this (multipart/form-data) form."""

    file = UploadField(
        required=False,
        help_text="For `file`: a PDF, image, office document or video. "
        "Its type is checked by content, not by name.",
    )


class ReviewCreateSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=Review.Decision.choices)
    scores = serializers.DictField(
        child=serializers.IntegerField(min_value=1, max_value=4),
        help_text="A level 1–4 for every rubric criterion, keyed by the criterion's public id.",
    )
    feedback = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=20000,
        help_text="Required when requesting changes or declining.",
    )


# Output -----------------------------------------------------------------------------------


class PersonSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    name = serializers.CharField(source="get_full_name", read_only=True)


class BadgeRefSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)

    class Meta:
        model = BadgeClass
        fields = ["id", "slug", "name"]
        read_only_fields = fields


class SubmissionSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    badge = BadgeRefSerializer(source="badge_class", read_only=True)
    earner = PersonSerializer(read_only=True)
    submitted_by = PersonSerializer(read_only=True)
    on_behalf = serializers.BooleanField(
        read_only=True, help_text="A teacher started it on the earner's behalf."
    )
    assertion = serializers.SlugRelatedField(
        slug_field="public_id",
        read_only=True,
        allow_null=True,
        help_text="The awarded assertion's public id, once approved.",
    )

    class Meta:
        model = Submission
        fields = [
            "id",
            "badge",
            "status",
            "version",
            "earner",
            "submitted_by",
            "on_behalf",
            "evidence_public",
            "assertion",
            "created_at",
            "updated_at",
            "submitted_at",
            "decided_at",
        ]
        read_only_fields = fields


class QueueItemSerializer(SubmissionSerializer):
    approvals = serializers.IntegerField(
        read_only=True, help_text="Approvals of the current version so far."
    )

    class Meta(SubmissionSerializer.Meta):
        fields = [*SubmissionSerializer.Meta.fields, "approvals"]
        read_only_fields = fields


class ArtifactSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    added_by = PersonSerializer(read_only=True)
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Artifact
        fields = [
            "id",
            "kind",
            "title",
            "original_name",
            "content_type",
            "size",
            "url",
            "text",
            "download_url",
            "added_by",
            "created_at",
        ]
        read_only_fields = fields

    def get_download_url(self, obj: Artifact) -> str | None:
        if obj.kind != Artifact.Kind.FILE:
            return None
        path = reverse("evidence:artifact-download", kwargs={"artifact_id": obj.public_id})
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path


class ReviewSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    reviewer = PersonSerializer(read_only=True)
    version = serializers.IntegerField(source="version.number", read_only=True)
    scores = serializers.DictField(
        child=serializers.IntegerField(),
        read_only=True,
        help_text="Level 1–4 per rubric criterion, keyed by the criterion's public id.",
    )

    class Meta:
        model = Review
        fields = [
            "id",
            "version",
            "reviewer",
            "acting_as",
            "decision",
            "scores",
            "feedback",
            "created_at",
        ]
        read_only_fields = fields


class ReviewCreatedSerializer(ReviewSerializer):
    """The new review, with where it left the submission."""

    submission = SubmissionSerializer(
        read_only=True,
        help_text="The submission after this review (approved, with its assertion, "
        "when this review completed the approval).",
    )

    class Meta(ReviewSerializer.Meta):
        fields = [*ReviewSerializer.Meta.fields, "submission"]
        read_only_fields = fields


class HistorySerializer(serializers.ModelSerializer):
    actor = PersonSerializer(read_only=True, allow_null=True)
    from_status = serializers.CharField(
        read_only=True,
        help_text="A submission `status`; empty for the first entry (the draft was started).",
    )
    to_status = serializers.CharField(read_only=True, help_text="A submission `status`.")
    at = serializers.DateTimeField(source="created_at", read_only=True)

    class Meta:
        model = StatusChange
        fields = ["actor", "from_status", "to_status", "version", "reason", "at"]
        read_only_fields = fields


class LevelSerializer(serializers.Serializer):
    level = serializers.IntegerField(min_value=1, max_value=4)
    descriptor = serializers.CharField()


class CriterionSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    levels = serializers.SerializerMethodField()

    class Meta:
        model = RubricCriterion
        fields = ["id", "position", "name", "levels"]
        read_only_fields = fields

    @extend_schema_field(LevelSerializer(many=True))
    def get_levels(self, obj: RubricCriterion) -> list[dict]:
        return [{"level": n, "descriptor": text} for n, text in obj.descriptors()]


class RubricSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    name = serializers.CharField(read_only=True)
    description = serializers.CharField(read_only=True)
    criteria = CriterionSerializer(many=True, read_only=True)


class ApprovalProgressSerializer(serializers.Serializer):
    approvals = serializers.IntegerField(help_text="Approvals of the current version.")
    needed = serializers.IntegerField()
    required_kinds = serializers.ListField(
        child=serializers.CharField(),
        help_text="Reviewer kinds (as in a review's `acting_as`) that must each approve.",
    )
    missing_kinds = serializers.ListField(
        child=serializers.CharField(),
        help_text="Required reviewer kinds that have not approved the current version yet.",
    )
    threshold = serializers.IntegerField(help_text="Every criterion must score at least this.")
    complete = serializers.BooleanField()


class SubmissionDetailSerializer(SubmissionSerializer):
    """A submission as `selectors.submission_page` prepares it (given as `page` in the
    serializer's context)."""

    artifacts = serializers.SerializerMethodField(help_text="The current version's evidence.")
    reviews = ReviewSerializer(many=True, read_only=True, help_text="Reviews of every version.")
    history = HistorySerializer(many=True, read_only=True)
    rubric = serializers.SerializerMethodField()
    approval = serializers.SerializerMethodField()
    actions = serializers.SerializerMethodField(
        help_text="What you may do now: edit, submit, revise, withdraw, review, note, "
        "set_public (the workflow's moves your role allows)."
    )
    reviewer_kinds = serializers.SerializerMethodField(
        help_text="How the submission is routed to you (as a review's `acting_as`); empty "
        "if you are not one of its reviewers."
    )

    class Meta(SubmissionSerializer.Meta):
        fields = [
            *SubmissionSerializer.Meta.fields,
            "artifacts",
            "reviews",
            "history",
            "rubric",
            "approval",
            "actions",
            "reviewer_kinds",
        ]
        read_only_fields = fields

    @extend_schema_field(ArtifactSerializer(many=True))
    def get_artifacts(self, obj: Submission) -> list[dict]:
        current = next((v for v in obj.versions.all() if v.number == obj.version), None)
        artifacts = current.artifacts.all() if current is not None else []
        return ArtifactSerializer(artifacts, many=True, context=self.context).data

    @extend_schema_field(RubricSerializer(allow_null=True))
    def get_rubric(self, obj: Submission) -> dict | None:
        policy = self.context["page"].policy
        return RubricSerializer(policy.rubric).data if policy is not None else None

    @extend_schema_field(ApprovalProgressSerializer(allow_null=True))
    def get_approval(self, obj: Submission) -> dict | None:
        page = self.context["page"]
        if page.policy is None or page.approval is None:
            return None
        state = page.approval
        return ApprovalProgressSerializer(
            {
                "approvals": state.approvals,
                "needed": state.needed,
                "required_kinds": list(page.policy.required_kinds),
                "missing_kinds": state.missing_kinds,
                "threshold": page.policy.threshold,
                "complete": state.complete,
            }
        ).data

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_actions(self, obj: Submission) -> list[str]:
        return sorted(self.context["page"].actions)

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_reviewer_kinds(self, obj: Submission) -> list[str]:
        return list(self.context["page"].reviewer_kinds)
