"""Coaching API: caseload assignments, session logs, goals with action steps and progress,
and module recommendations, under /api/v1/coaching/.

Thin views: parse, fetch what the caller may see (anything else is a 404), call one
service, respond. A service's refusal (`CoachingError`) answers 400 and its
`PermissionDenied` on an object the caller can see answers 403, both as
``{"detail": message}``.

Private notes never leave their author: a session is serialized with
`CoachingSessionAuthorSerializer` only when `permissions.can_read_private_notes` holds;
everyone else gets `CoachingSessionSerializer`, which has no such field, and the notes
of sessions the caller did not log are not even read from the database.
"""

from __future__ import annotations

from django.db.models import Case, F, Q, QuerySet, TextField, Value, When
from drf_spectacular.utils import (
    OpenApiResponse,
    PolymorphicProxySerializer,
    extend_schema,
)
from rest_framework import exceptions, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DynamicRoute, SimpleRouter

from accounts.models import Membership, User
from core.api import UUID_PATTERN, ErrorSerializer, path_uuid
from core.errors import ServiceError

from . import permissions, selectors, services
from .models import CoachingAssignment, CoachingSession, Goal, Recommendation
from .serializers import (
    ActionStepCreateSerializer,
    ActionStepDoneSerializer,
    ActionStepSerializer,
    AssignmentCreateSerializer,
    AssignmentEndSerializer,
    AssignmentListQuerySerializer,
    CoachingAssignmentSerializer,
    CoachingSessionAuthorSerializer,
    CoachingSessionSerializer,
    GoalCreateSerializer,
    GoalDetailSerializer,
    GoalListQuerySerializer,
    GoalSerializer,
    GoalStatusSerializer,
    RecommendationCreateSerializer,
    RecommendationSerializer,
    SessionListQuerySerializer,
    SessionLogSerializer,
)

ASSIGNMENT_ID = path_uuid("public_id", "The assignment's public id.")
SESSION_ID = path_uuid("public_id", "The session's public id.")
GOAL_ID = path_uuid("public_id", "The goal's public id.")
STEP_ID = path_uuid("step_id", "The action step's public id.")
RECOMMENDATION_ID = path_uuid("public_id", "The recommendation's public id.")
NOT_FOUND = OpenApiResponse(ErrorSerializer, description="Nothing visible to you here.")
REFUSED = OpenApiResponse(ErrorSerializer, description="Invalid input, or the move is refused.")
FORBIDDEN = OpenApiResponse(ErrorSerializer, description="You can see it but may not do this.")
SESSION_VIEW = PolymorphicProxySerializer(
    component_name="CoachingSessionView",
    serializers={
        CoachingSessionAuthorSerializer.VIEW: CoachingSessionAuthorSerializer,
        CoachingSessionSerializer.VIEW: CoachingSessionSerializer,
    },
    resource_type_field_name="view",
    many=False,
)
SESSION_VIEWS = PolymorphicProxySerializer(
    component_name="CoachingSessionView",
    serializers=SESSION_VIEW.serializers,
    resource_type_field_name="view",
    many=True,
)


# What the caller may see, as querysets. These reads belong in `selectors`, which does not
# offer them yet (a whole caseload's sessions, a district's assignments, and so on).


def assignments_visible_to(user: User) -> QuerySet[CoachingAssignment]:
    """A coach's current caseload, a teacher's own history, and, for a district admin,
    every assignment at the district's schools."""
    if user.is_superuser:
        visible = CoachingAssignment.objects.all()
    else:
        admin_of = Membership.objects.filter(user=user, role=Membership.Role.ADMIN).values(
            "organization_id"
        )
        visible = (
            selectors.current_caseload(user)
            | selectors.assignment_history(user)
            | CoachingAssignment.objects.filter(
                Q(school_id__in=admin_of) | Q(school__parent_id__in=admin_of)
            )
        )
    return visible.select_related("coach", "teacher", "school").order_by("-starts_on", "-pk")


def sessions_visible_to(user: User) -> QuerySet[CoachingSession]:
    """`permissions.can_see_session` as a query. `private_notes` is deferred and only the
    caller's own sessions carry theirs, as `own_private_notes` (None on the others)."""
    return (
        CoachingSession.objects.filter(Q(coach=user) | Q(teacher=user))
        .defer("private_notes")
        .annotate(
            own_private_notes=Case(
                When(coach_id=user.pk, then=F("private_notes")),
                default=Value(None),
                output_field=TextField(),
            )
        )
        .select_related("coach", "teacher", "school")
        .prefetch_related("focus")
        .order_by("-held_on", "-pk")
    )


def goals_visible_to(user: User) -> QuerySet[Goal]:
    """A teacher's own goals, and the goals of the teachers on a coach's current caseload."""
    caseload = selectors.current_caseload(user).values("teacher_id")
    return Goal.objects.filter(Q(teacher=user) | Q(teacher_id__in=caseload)).select_related(
        "teacher", "coach", "competency"
    )


def recommendations_visible_to(user: User) -> QuerySet[Recommendation]:
    """A teacher's open recommendations, and every one a coach made."""
    return (
        (selectors.recommendations_for(user) | Recommendation.objects.filter(coach=user))
        .select_related("teacher", "coach", "module", "session", "goal")
        .order_by("-created_at", "-pk")
    )


def _or_404(obj, what: str):
    if obj is None:
        raise exceptions.NotFound(f"No such {what}.")
    return obj


def _fake(view) -> bool:
    return getattr(view, "swagger_fake_view", False)  # schema generation


# Assignments ---------------------------------------------------------------------------


@extend_schema(tags=["coaching"])
class AssignmentViewSet(viewsets.GenericViewSet):
    """Coaches' caseloads: who coaches which teacher, at which school, from when to when."""

    lookup_field = "public_id"
    lookup_value_regex = UUID_PATTERN
    serializer_class = CoachingAssignmentSerializer
    parser_classes = [JSONParser]

    def get_queryset(self):
        if _fake(self):
            return CoachingAssignment.objects.none()
        return assignments_visible_to(self.request.user)

    @extend_schema(
        summary="Caseload assignments",
        description="A coach: their current caseload. A teacher: their own coaching history. "
        "A district admin: the assignments at their district's schools.",
        parameters=[AssignmentListQuerySerializer],
        responses={200: CoachingAssignmentSerializer(many=True), 400: REFUSED},
    )
    def list(self, request: Request) -> Response:
        query = AssignmentListQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        assignments = self.get_queryset()
        if query.validated_data["current"]:
            assignments = assignments.filter(ends_on__isnull=True)
        page = self.paginate_queryset(assignments)
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
        assignment = _or_404(self.get_queryset().filter(public_id=public_id).first(), "assignment")
        incoming = AssignmentEndSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        ended = services.assignment_end(
            actor=request.user,
            assignment=assignment,
            ends_on=incoming.validated_data.get("ends_on"),
        )
        return Response(CoachingAssignmentSerializer(ended).data)


# Sessions ------------------------------------------------------------------------------


def session_data(user: User, session: CoachingSession) -> dict:
    """The author's view (with private notes) for the coach who logged it, else the
    teacher's view, which has no private notes field at all."""
    if permissions.can_read_private_notes(user, session):
        return CoachingSessionAuthorSerializer(session).data
    return CoachingSessionSerializer(session).data


@extend_schema(tags=["coaching"])
class SessionViewSet(viewsets.GenericViewSet):
    """Coaching session logs: the coach who logged a session and its teacher see it."""

    lookup_field = "public_id"
    lookup_value_regex = UUID_PATTERN
    serializer_class = CoachingSessionSerializer
    parser_classes = [JSONParser]

    def get_queryset(self):
        if _fake(self):
            return CoachingSession.objects.none()
        return sessions_visible_to(self.request.user)

    def _detail_response(self, public_id, code: int = status.HTTP_200_OK) -> Response:
        session = _or_404(self.get_queryset().filter(public_id=public_id).first(), "session")
        return Response(session_data(self.request.user, session), status=code)

    @extend_schema(
        summary="Session logs",
        description="A coach: the sessions they logged (with their private notes, "
        '`view: "author"`). A teacher: the sessions about them, with shared notes and next '
        'steps only (`view: "shared"`; there is no `private_notes` field). Newest first.',
        parameters=[SessionListQuerySerializer],
        responses={200: SESSION_VIEWS, 400: REFUSED, 404: NOT_FOUND},
    )
    def list(self, request: Request) -> Response:
        query = SessionListQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        sessions = self.get_queryset()
        teacher = query.validated_data.get("teacher")
        if teacher is not None:
            own = teacher == request.user.public_id
            coached = CoachingAssignment.objects.filter(
                coach=request.user, teacher__public_id=teacher
            ).exists()
            if not (own or coached):
                raise exceptions.NotFound("No such teacher on your caseload.")
            sessions = sessions.filter(teacher__public_id=teacher)
        page = self.paginate_queryset(sessions)
        return self.get_paginated_response([session_data(request.user, s) for s in page])

    @extend_schema(
        summary="Log a session (coaches)",
        description="For a teacher on your current caseload. Private notes are yours alone.",
        request=SessionLogSerializer,
        responses={201: CoachingSessionAuthorSerializer, 400: REFUSED, 403: FORBIDDEN},
    )
    def create(self, request: Request) -> Response:
        incoming = SessionLogSerializer(data=request.data, context={"request": request})
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        session = services.session_log(
            actor=request.user,
            teacher=data["teacher"],
            held_on=data["held_on"],
            minutes=data["minutes"],
            kind=data["kind"],
            focus=data.get("focus", []),
            shared_notes=data["shared_notes"],
            private_notes=data["private_notes"],
            next_steps=data["next_steps"],
            follow_up_on=data["follow_up_on"],
        )
        return self._detail_response(session.public_id, status.HTTP_201_CREATED)

    @extend_schema(
        summary="A session",
        description="The coach who logged it sees their private notes; the teacher sees the "
        "session without them. Anyone else: 404.",
        parameters=[SESSION_ID],
        responses={200: SESSION_VIEW, 404: NOT_FOUND},
    )
    def retrieve(self, request: Request, public_id: str) -> Response:
        return self._detail_response(public_id)


# Goals ---------------------------------------------------------------------------------


GOAL_ACTION_RESPONSES = {200: GoalDetailSerializer, 400: REFUSED, 403: FORBIDDEN, 404: NOT_FOUND}


@extend_schema(tags=["coaching"])
class GoalViewSet(viewsets.GenericViewSet):
    """Teachers' goals, written with their coach: status, action steps, linked modules
    and badges, and progress from them."""

    lookup_field = "public_id"
    lookup_value_regex = UUID_PATTERN
    serializer_class = GoalSerializer
    parser_classes = [JSONParser]

    def get_queryset(self):
        if _fake(self):
            return Goal.objects.none()
        return goals_visible_to(self.request.user)

    def _goal(self, public_id: str) -> Goal:
        return _or_404(self.get_queryset().filter(public_id=public_id).first(), "goal")

    def _detail_response(self, goal: Goal, code: int = status.HTTP_200_OK) -> Response:
        progress = _or_404(
            next(
                (p for p in selectors.goals_with_progress(goal.teacher) if p.goal.pk == goal.pk),
                None,
            ),
            "goal",
        )
        body = GoalDetailSerializer(progress.goal, context={"progress": progress})
        return Response(body.data, status=code)

    @extend_schema(
        summary="Goals",
        description="A teacher: their own goals. A coach: the goals of the teachers on "
        "their current caseload.",
        parameters=[GoalListQuerySerializer],
        responses={200: GoalSerializer(many=True), 400: REFUSED, 404: NOT_FOUND},
    )
    def list(self, request: Request) -> Response:
        query = GoalListQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        goals = self.get_queryset().prefetch_related("modules", "badge_classes")
        teacher = query.validated_data.get("teacher")
        if teacher is not None:
            own = teacher == request.user.public_id
            caseload = selectors.current_caseload(request.user)
            if not (own or caseload.filter(teacher__public_id=teacher).exists()):
                raise exceptions.NotFound("No such teacher on your caseload.")
            goals = goals.filter(teacher__public_id=teacher)
        if query.validated_data.get("status"):
            goals = goals.filter(status=query.validated_data["status"])
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
        return self._detail_response(self._goal(public_id))

    @extend_schema(
        summary="Move the goal to another status",
        description="The teacher and their current coach may. Allowed moves: not started → "
        "in progress, met or set aside; in progress → met, set aside or not started; "
        "set aside → in progress or not started; met → in progress.",
        parameters=[GOAL_ID],
        request=GoalStatusSerializer,
        responses=GOAL_ACTION_RESPONSES,
    )
    @action(detail=True, methods=["post"], url_path="status", url_name="status")
    def set_status(self, request: Request, public_id: str) -> Response:
        goal = self._goal(public_id)
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
        goal = self._goal(public_id)
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
        goal = self._goal(public_id)
        step = _or_404(
            goal.action_steps.select_related("owner").filter(public_id=step_id).first(),
            "action step",
        )
        incoming = ActionStepDoneSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        step = services.action_step_set_done(
            actor=request.user, step=step, done=incoming.validated_data["done"]
        )
        return Response(ActionStepSerializer(step).data)


# Recommendations -----------------------------------------------------------------------


@extend_schema(tags=["coaching"])
class RecommendationViewSet(viewsets.GenericViewSet):
    """Modules a coach recommends to a teacher, from a session or a goal."""

    lookup_field = "public_id"
    lookup_value_regex = UUID_PATTERN
    serializer_class = RecommendationSerializer
    parser_classes = [JSONParser]

    def get_queryset(self):
        if _fake(self):
            return Recommendation.objects.none()
        return recommendations_visible_to(self.request.user)

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
        recommendation = _or_404(
            self.get_queryset().filter(public_id=public_id).first(), "recommendation"
        )
        recommendation = services.recommendation_dismiss(
            actor=request.user, recommendation=recommendation
        )
        return Response(RecommendationSerializer(recommendation).data)


class Router(SimpleRouter):
    """Lists and details end in a slash; actions (`end`, `status`, `dismiss`, …) do not."""

    routes = [
        route._replace(url=route.url.replace("{url_path}{trailing_slash}", "{url_path}"))
        if isinstance(route, DynamicRoute)
        else route
        for route in SimpleRouter.routes
    ]


router = Router()
router.register("assignments", AssignmentViewSet, basename="assignment")
router.register("sessions", SessionViewSet, basename="session")
router.register("goals", GoalViewSet, basename="goal")
router.register("recommendations", RecommendationViewSet, basename="recommendation")
