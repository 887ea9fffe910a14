"""Module recommendations over the API."""

from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import User
from core.api import path_uuid
from core.errors import ServiceError

from .. import selectors, services
from ..models import Recommendation
from ..serializers import RecommendationCreateSerializer, RecommendationSerializer
from .base import FORBIDDEN, NOT_FOUND, REFUSED, CoachingViewSet

RECOMMENDATION_ID = path_uuid("public_id", "The recommendation's public id.")


@extend_schema(tags=["coaching"])
class RecommendationViewSet(CoachingViewSet):
    """Modules a coach recommends to a teacher, from a session or a goal."""

    model = Recommendation
    noun = "recommendation"
    ordering = ("-created_at", "-pk")  # cursor pages (core.pagination.api)
    serializer_class = RecommendationSerializer

    def visible(self, user: User) -> QuerySet[Recommendation]:
        return selectors.visible_recommendations(viewer=user)

    @extend_schema(
        summary="Recommendations",
        description="A teacher: the recommendations they have not dismissed. A coach: "
        "the ones they made, dismissed or not. Newest first.",
        responses={200: RecommendationSerializer(many=True)},
    )
    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(RecommendationSerializer(page, many=True).data)

    @extend_schema(
        summary="Recommend a module to a teacher (coaches)",
        description="If the teacher already has an open recommendation of this module (any "
        "version), that one comes back unchanged. With a goal, the module is linked to it.",
        request=RecommendationCreateSerializer,
        responses={201: RecommendationSerializer, 400: REFUSED, 403: FORBIDDEN},
    )
    def create(self, request: Request) -> Response:
        incoming = RecommendationCreateSerializer(data=request.data, context={"request": request})
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        recommendation = services.recommendation_create(
            actor=request.user,
            teacher=data["teacher"],
            module=data["module"],
            note=data["note"],
            session=data["session"],
            goal=data["goal"],
        )
        mine = self.get_queryset().filter(pk=recommendation.pk).first()
        if mine is None:  # an open one from the teacher's previous coach
            raise ServiceError("This teacher already has an open recommendation of this module.")
        return Response(RecommendationSerializer(mine).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Dismiss a recommendation (the teacher)",
        parameters=[RECOMMENDATION_ID],
        request=None,
        responses={200: RecommendationSerializer, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def dismiss(self, request: Request, public_id: str) -> Response:
        recommendation = services.recommendation_dismiss(
            actor=request.user, recommendation=self.get_object()
        )
        return Response(RecommendationSerializer(recommendation).data)
