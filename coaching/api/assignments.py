"""Caseload assignments over the API."""

from __future__ import annotations

from django.db.models import QuerySet
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import User
from core.api import path_uuid

from .. import selectors, services
from ..filters import AssignmentFilter
from ..models import CoachingAssignment
from ..serializers import (
    AssignmentCreateSerializer,
    AssignmentEndSerializer,
    CoachingAssignmentSerializer,
)
from .base import FORBIDDEN, NOT_FOUND, REFUSED, CoachingViewSet

ASSIGNMENT_ID = path_uuid("public_id", "The assignment's public id.")


@extend_schema(tags=["coaching"])
class AssignmentViewSet(CoachingViewSet):
    """Coaches' caseloads: who coaches which teacher, at which school, from when to when."""

    model = CoachingAssignment
    noun = "assignment"
    ordering = ("-starts_on", "-pk")  # cursor pages (core.pagination.api)
    serializer_class = CoachingAssignmentSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = AssignmentFilter

    def visible(self, user: User) -> QuerySet[CoachingAssignment]:
        return selectors.visible_assignments(viewer=user)

    @extend_schema(
        summary="Caseload assignments",
        description="A coach: their current caseload. A teacher: their own coaching history. "
        "A district admin: the assignments at their district's schools.",
        responses={200: CoachingAssignmentSerializer(many=True), 400: REFUSED},
    )
    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(CoachingAssignmentSerializer(page, many=True).data)

    @extend_schema(
        summary="Assign a teacher to a coach (district admins)",
        description="A teacher who has another coach is reassigned: the current assignment "
        "ends the day before the new one starts and stays in the history. If the teacher "
        "already has this coach, the current assignment comes back unchanged.",
        request=AssignmentCreateSerializer,
        responses={201: CoachingAssignmentSerializer, 400: REFUSED, 403: FORBIDDEN},
    )
    def create(self, request: Request) -> Response:
        incoming = AssignmentCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        assignment = services.assignment_create(
            actor=request.user,
            coach=data["coach"],
            teacher=data["teacher"],
            school=data["school"],
            starts_on=data.get("starts_on"),
        )
        body = CoachingAssignmentSerializer(assignment)
        return Response(body.data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="End an assignment (district admins)",
        parameters=[ASSIGNMENT_ID],
        request=AssignmentEndSerializer,
        responses={
            200: CoachingAssignmentSerializer,
            400: REFUSED,
            403: FORBIDDEN,
            404: NOT_FOUND,
        },
    )
    @action(detail=True, methods=["post"])
    def end(self, request: Request, public_id: str) -> Response:
        assignment = self.get_object()
        incoming = AssignmentEndSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        ended = services.assignment_end(
            actor=request.user,
            assignment=assignment,
            ends_on=incoming.validated_data.get("ends_on"),
        )
        return Response(CoachingAssignmentSerializer(ended).data)
