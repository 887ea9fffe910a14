from rest_framework import serializers

from . import hosted
from .models import Assertion


class VerifyRequestSerializer(serializers.Serializer):
    url = serializers.CharField(required=False, allow_blank=True, max_length=500)
    image = serializers.FileField(required=False, help_text="A baked PNG or SVG.")
    email = serializers.EmailField(required=False, allow_blank=True)

    def validate(self, attrs):
        if not attrs.get("url") and not attrs.get("image"):
            raise serializers.ValidationError("Give `url` or `image`.")
        if attrs.get("url") and attrs.get("image"):
            raise serializers.ValidationError("Give `url` or `image`, not both.")
        return attrs


class VerifiedBadgeSerializer(serializers.Serializer):
    assertion = serializers.CharField()
    badge = serializers.CharField()
    name = serializers.CharField()
    issuer = serializers.CharField()
    issuer_name = serializers.CharField()
    criteria = serializers.CharField()
    credit_equivalency = serializers.CharField(allow_blank=True)
    issued_on = serializers.DateTimeField()
    expires = serializers.DateTimeField(allow_null=True)
    revocation_reason = serializers.CharField(allow_blank=True)


class VerifyResultSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(
        choices=["valid", "revoked", "expired", "not_found", "tampered", "invalid_input"]
    )
    valid = serializers.BooleanField()
    message = serializers.CharField()
    recipient_match = serializers.BooleanField(allow_null=True)
    problems = serializers.ListField(child=serializers.CharField())
    badge = VerifiedBadgeSerializer(allow_null=True)


def verified_badge_data(assertion: Assertion) -> dict:
    badge_class = assertion.badge_class
    return {
        "assertion": hosted.assertion_url(assertion),
        "badge": hosted.badge_class_url(badge_class),
        "name": badge_class.name,
        "issuer": hosted.issuer_url(badge_class.issuer),
        "issuer_name": badge_class.issuer.name,
        "criteria": badge_class.criteria_narrative,
        "credit_equivalency": badge_class.credit_summary,
        "issued_on": assertion.issued_on,
        "expires": assertion.expires_at,
        "revocation_reason": assertion.revocation_reason,
    }


class AssertionSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    url = serializers.SerializerMethodField()
    badge_name = serializers.CharField(source="badge_class.name", read_only=True)
    badge = serializers.SerializerMethodField()
    issuer_name = serializers.CharField(source="badge_class.issuer.name", read_only=True)
    status = serializers.CharField(read_only=True)

    class Meta:
        model = Assertion
        fields = [
            "id",
            "url",
            "badge",
            "badge_name",
            "issuer_name",
            "issued_on",
            "expires_at",
            "status",
            "revocation_reason",
            "is_public",
        ]
        read_only_fields = fields

    def get_url(self, obj: Assertion) -> str:
        return hosted.assertion_url(obj)

    def get_badge(self, obj: Assertion) -> str:
        return hosted.badge_class_url(obj.badge_class)
