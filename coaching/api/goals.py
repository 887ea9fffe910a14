"""Goals over the API: status moves, action steps, linked modules and badges, progress."""

from __future__ import annotations

from django.db.models import QuerySet
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import User
from core.api import UUID_PATTERN, path_uuid

from .. import selectors, services
from ..filters import GoalFilter
from ..models import Goal
from ..serializers import (
    ActionStepCreateSerializer,
    ActionStepDoneSerializer,
    ActionStepSerializer,
    GoalCreateSerializer,
    GoalDetailSerializer,
    GoalSerializer,
    GoalStatusSerializer,
)
from ..workflow import GOAL_FLOW
from .base import FORBIDDEN, NOT_FOUND, REFUSED, CoachingViewSet

GOAL_ID = path_uuid("public_id", "The goal's public id.")
STEP_ID = path_uuid("step_id", "The action step's public id.")
GOAL_ACTION_RESPONSES = {200: GoalDetailSerializer, 400: REFUSED, 403: FORBIDDEN, 404: NOT_FOUND}


def _moves_text() -> str:
    """The allowed moves, in words, from `GOAL_FLOW` (for the schema)."""
    label = GOAL_FLOW.label
    by_source: dict[str, list[str]] = {}
    for move in GOAL_FLOW.moves:
        for source in move.frm:
            by_source.setdefault(source, []).append(label(move.to).lower())
    return "; ".join(
        f"{label(s).lower()} → {', '.join(by_source[s])}" for s in Goal.Status if s in by_source
    )


@extend_schema(tags=["coaching"])
class GoalViewSet(CoachingViewSet):
    """Teachers' goals, written with their coach: status, action steps, linked modules
    and badges, and progress from them."""

    model = Goal
    noun = "goal"
    ordering = ("-created_at", "-pk")  # cursor pages (core.pagination.api)
    serializer_class = GoalSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = GoalFilter

    def visible(self, user: User) -> QuerySet[Goal]:
        return selectors.visible_goals(viewer=user)

    def _detail_response(self, goal: Goal, code: int = status.HTTP_200_OK) -> Response:
        found = selectors.goals_with_progress(
            viewer=self.request.user, teacher=goal.teacher, goal=goal
        )
        if not found:
            raise exceptions.NotFound("No such goal.")
        body = GoalDetailSerializer(found[0].goal, context={"progress": found[0]})
        return Response(body.data, status=code)

    @extend_schema(
        summary="Goals",
        description="A teacher: their own goals. A coach: the goals of the teachers on "
        "their current caseload.",
        responses={200: GoalSerializer(many=True), 400: REFUSED, 404: NOT_FOUND},
    )
    def list(self, request: Request) -> Response:
        goals = self.filter_queryset(self.get_queryset()).prefetch_related(
            "modules", "badge_classes"
        )
        page = self.paginate_queryset(goals)
        return self.get_paginated_response(GoalSerializer(page, many=True).data)

    @extend_schema(
        summary="Write a goal with a teacher (coaches)",
        request=GoalCreateSerializer,
        responses={201: GoalDetailSerializer, 400: REFUSED, 403: FORBIDDEN},
    )
    def create(self, request: Request) -> Response:
        incoming = GoalCreateSerializer(data=request.data, context={"request": request})
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        goal = services.goal_create(
            actor=request.user,
            teacher=data["teacher"],
            statement=data["statement"],
            competency=data["competency"],
            target_date=data["target_date"],
            modules=data.get("modules", []),
            badge_classes=data.get("badge_classes", []),
        )
        return self._detail_response(goal, status.HTTP_201_CREATED)

    @extend_schema(
        summary="A goal with its action steps and progress",
        description="Progress comes from the linked modules (finished or not), evidence "
        "submissions in review and badges earned.",
        parameters=[GOAL_ID],
        responses={200: GoalDetailSerializer, 404: NOT_FOUND},
    )
    def retrieve(self, request: Request, public_id: str) -> Response:
        return self._detail_response(self.get_object())

    @extend_schema(
        summary="Move the goal to another status",
        description=f"The teacher and their current coach may. Allowed moves: {_moves_text()}.",
        parameters=[GOAL_ID],
        request=GoalStatusSerializer,
        responses=GOAL_ACTION_RESPONSES,
    )
    @action(detail=True, methods=["post"], url_path="status", url_name="status")
    def set_status(self, request: Request, public_id: str) -> Response:
        goal = self.get_object()
        incoming = GoalStatusSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        services.goal_set_status(
            actor=request.user, goal=goal, status=incoming.validated_data["status"]
        )
        return self._detail_response(goal)

    @extend_schema(
        summary="Add an action step",
        parameters=[GOAL_ID],
        request=ActionStepCreateSerializer,
        responses={201: ActionStepSerializer, 400: REFUSED, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"], url_path="action-steps", url_name="action-steps")
    def action_steps(self, request: Request, public_id: str) -> Response:
        goal = self.get_object()
        incoming = ActionStepCreateSerializer(data=request.data, context={"goal": goal})
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        step = services.action_step_add(
            actor=request.user,
            goal=goal,
            description=data["description"],
            owner=data.get("owner") or goal.teacher,
            due_on=data["due_on"],
        )
        return Response(ActionStepSerializer(step).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Mark an action step done, or not done",
        parameters=[GOAL_ID, STEP_ID],
        request=ActionStepDoneSerializer,
        responses={200: ActionStepSerializer, 400: REFUSED, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=rf"action-steps/(?P<step_id>{UUID_PATTERN})/done",
        url_name="action-step-done",
    )
    def action_step_done(self, request: Request, public_id: str, step_id: str) -> Response:
        goal = self.get_object()
        step = selectors.action_step_for(viewer=request.user, public_id=step_id)
        if step is None or step.goal_id != goal.pk:
            raise exceptions.NotFound("No such action step.")
        incoming = ActionStepDoneSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        step = services.action_step_set_done(
            actor=request.user, step=step, done=incoming.validated_data["done"]
        )
        return Response(ActionStepSerializer(step).data)
