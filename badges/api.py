"""Badges API: verification (public) and the earner's own assertions.

Both read what the pages read: the verify page's `VerifiedBadge` and my badges'
`HeldBadge` rows (`badges.selectors.pages`, `badges.selectors.earner`), filtered as
the page is (`badges.filters.HeldBadgeFilter`).
"""

from __future__ import annotations

from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, permissions, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import ErrorSerializer
from core.ratelimits import VerifyThrottle

from . import selectors, verification
from .filters import HeldBadgeFilter
from .models import Assertion
from .selectors import earner, pages
from .serializers import (
    AssertionSerializer,
    VerifyRequestSerializer,
    VerifyResultSerializer,
)


class VerifyView(APIView):
    """Verify a badge by its hosted URL, a baked image, or an Open Badges 3.0 credential
    (JSON or VC-JWT). No account needed; limited per IP with the verify page
    (`VERIFY_RATE`)."""

    permission_classes = [permissions.AllowAny]
    authentication_classes: list = []
    throttle_classes = [VerifyThrottle]
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
        given = incoming.validated_data
        result = verification.verify_given(
            url=given.get("url") or "",
            credential=given.get("credential"),
            image=given.get("image"),
            email=given.get("email") or "",
        )
        body = {
            "outcome": result.outcome,
            "valid": result.is_valid,
            "message": result.message,
            "recipient_match": result.recipient_match,
            "problems": result.problems,
            "check": result.check,
            "format": result.format,
            "badge": pages.verified_badge(assertion=result.assertion) if result.assertion else None,
        }
        code = (
            status.HTTP_400_BAD_REQUEST
            if result.outcome == verification.Outcome.INVALID
            else status.HTTP_200_OK
        )
        return Response(VerifyResultSerializer(body).data, status=code)


@extend_schema(
    summary="My badges, newest first",
    responses={
        200: AssertionSerializer(many=True),
        400: OpenApiResponse(description="A filter's value is not valid (errors by filter)."),
        403: OpenApiResponse(ErrorSerializer, description="Not signed in."),
    },
)
class MyAssertionList(generics.ListAPIView):
    """The badges awarded to the signed-in user, as my badges lists them, filtered by
    status and issuer as that page is, 50 a page."""

    serializer_class = AssertionSerializer
    ordering = ("-issued_on", "-pk")  # cursor pages (core.pagination.api)
    filter_backends = [DjangoFilterBackend]
    filterset_class = HeldBadgeFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return Assertion.objects.none()
        return selectors.assertions_held_by(user=self.request.user)

    def list(self, request: Request, *args, **kwargs) -> Response:
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        rows = earner.held_badges(assertions=page)
        return self.get_paginated_response(self.get_serializer(rows, many=True).data)
