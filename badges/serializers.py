from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


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
    """The badge a verification found, as the verify page shows it."""

    assertion = serializers.CharField(source="assertion_url")
    badge = serializers.CharField(source="badge_url")
    name = serializers.CharField(source="badge_class.name")
    issuer = serializers.CharField(source="issuer_url")
    issuer_name = serializers.CharField(source="issuer.name")
    criteria = serializers.CharField(source="badge_class.criteria_narrative")
    credit_equivalency = serializers.CharField(
        source="badge_class.credit_summary", allow_blank=True
    )
    issued_on = serializers.DateTimeField(source="assertion.issued_on")
    expires = serializers.DateTimeField(source="assertion.expires_at", allow_null=True)
    revocation_reason = serializers.CharField(
        source="assertion.revocation_reason", allow_blank=True
    )


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


class AssertionSerializer(serializers.Serializer):
    """A badge awarded to the signed-in user, as My badges lists it."""

    id = serializers.UUIDField(source="assertion.public_id", read_only=True)
    url = serializers.CharField(read_only=True, help_text="The hosted assertion.")
    badge = serializers.CharField(source="badge_url", read_only=True)
    badge_name = serializers.CharField(source="badge_class.name", read_only=True)
    issuer_name = serializers.CharField(source="badge_class.issuer.name", read_only=True)
    issued_on = serializers.DateTimeField(source="assertion.issued_on", read_only=True)
    expires_at = serializers.DateTimeField(
        source="assertion.expires_at", allow_null=True, read_only=True
    )
    status = serializers.CharField(read_only=True, help_text="valid, expired or revoked.")
    revocation_reason = serializers.CharField(source="assertion.revocation_reason", read_only=True)
    is_public = serializers.BooleanField(
        source="assertion.is_public",
        read_only=True,
        help_text="Shown on the earner's public profile (opt-in).",
    )
