"""Badges API: verification (public) and the earner's own assertions."""

from django.conf import settings
from drf_spectacular.utils import extend_schema
from rest_framework import generics, permissions, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from . import selectors, verification
from .serializers import (
    AssertionSerializer,
    VerifyRequestSerializer,
    VerifyResultSerializer,
    verified_badge_data,
)


class VerifyView(APIView):
    """Verify a badge by its hosted URL, a baked image, or an Open Badges 3.0 credential
    (JSON or VC-JWT). No account needed."""

    permission_classes = [permissions.AllowAny]
    authentication_classes: list = []
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(
        request={
            "application/json": VerifyRequestSerializer,
            "multipart/form-data": VerifyRequestSerializer,
        },
        responses={200: VerifyResultSerializer, 400: VerifyResultSerializer},
        summary="Verify an Open Badge",
    )
    def post(self, request: Request) -> Response:
        incoming = VerifyRequestSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        email = incoming.validated_data.get("email") or ""
        image = incoming.validated_data.get("image")
        if image is not None:
            data = image.read(settings.VERIFY_IMAGE_MAX_BYTES + 1)
            result = verification.verify_image(data, email=email)
        elif incoming.validated_data.get("credential"):
            result = verification.verify_credential(
                incoming.validated_data["credential"], email=email
            )
        else:
            result = verification.verify_url(incoming.validated_data["url"], email=email)
        body = {
            "outcome": result.outcome,
            "valid": result.is_valid,
            "message": result.message,
            "recipient_match": result.recipient_match,
            "problems": result.problems,
            "check": result.check,
            "format": result.format,
            "badge": verified_badge_data(result.assertion) if result.assertion else None,
        }
        code = (
            status.HTTP_400_BAD_REQUEST
            if result.outcome == verification.Outcome.INVALID
            else status.HTTP_200_OK
        )
        return Response(VerifyResultSerializer(body).data, status=code)


class MyAssertionList(generics.ListAPIView):
    """The badges awarded to the signed-in user."""

    serializer_class = AssertionSerializer

    def get_queryset(self):
        return selectors.assertions_held_by(self.request.user)
