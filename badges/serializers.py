from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from . import hosting
from .models import Assertion


@extend_schema_field({"oneOf": [{"type": "object"}, {"type": "string"}]})
class CredentialField(serializers.Field):
    """A JSON object, or a string (JSON text or a VC-JWT), taken as given: unlike
    JSONField, a form post's string is not parsed as JSON (a VC-JWT is not JSON)."""

    default_error_messages = {
        "invalid": "A JSON object, or a string (JSON text or a VC-JWT).",
        "max_length": "At most 200,000 characters.",
    }
    MAX_LENGTH = 200_000

    def to_internal_value(self, data):
        if isinstance(data, str):
            if len(data) > self.MAX_LENGTH:
                self.fail("max_length")
            return str(data)
        if isinstance(data, dict):
            return data
        self.fail("invalid")

    def to_representation(self, value):
        return value


class VerifyRequestSerializer(serializers.Serializer):
    url = serializers.CharField(required=False, allow_blank=True, max_length=500)
    image = serializers.FileField(required=False, help_text="A baked PNG or SVG (2.0 or 3.0).")
    credential = CredentialField(
        required=False,
        help_text="An Open Badges 3.0 credential: its JSON (an object, or as text) or its "
        "VC-JWT (a string).",
    )
    email = serializers.EmailField(required=False, allow_blank=True)

    def validate(self, attrs):
        given = [name for name in ("url", "image", "credential") if attrs.get(name)]
        if not given:
            raise serializers.ValidationError("Give `url`, `image` or `credential`.")
        if len(given) > 1:
            raise serializers.ValidationError("Give only one of `url`, `image`, `credential`.")
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
        choices=[
            "valid",
            "revoked",
            "expired",
            "not_found",
            "tampered",
            "invalid_input",
            "schema",
            "bad_signature",
            "unknown_key",
            "not_yet_valid",
            "status_unknown",
        ]
    )
    check = serializers.CharField(
        allow_blank=True,
        help_text="For an Open Badges 3.0 credential, the check that failed: schema, "
        "signature, expiry or status (also input or issuer).",
    )
    format = serializers.ChoiceField(
        choices=["ob2", "ob3"],
        help_text="ob2: a hosted Open Badges 2.0 assertion; ob3: a Verifiable Credential.",
    )
    valid = serializers.BooleanField()
    message = serializers.CharField()
    recipient_match = serializers.BooleanField(allow_null=True)
    problems = serializers.ListField(child=serializers.CharField())
    badge = VerifiedBadgeSerializer(allow_null=True)


def verified_badge_data(assertion: Assertion) -> dict:
    badge_class = assertion.badge_class
    return {
        "assertion": hosting.assertion_url(assertion),
        "badge": hosting.badge_class_url(badge_class),
        "name": badge_class.name,
        "issuer": hosting.issuer_url(badge_class.issuer),
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
        return hosting.assertion_url(obj)

    def get_badge(self, obj: Assertion) -> str:
        return hosting.badge_class_url(obj.badge_class)
