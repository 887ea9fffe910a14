"""Session logs over the API. Private notes never leave their author: a session is
serialized with `CoachingSessionAuthorSerializer` only when the session policy's
`read_private_notes` holds for the caller (the coach who logged it); everyone else gets
`CoachingSessionSerializer`, which has no such field, and the notes of sessions the
caller did not log never leave the database (`selectors.visible_sessions`)."""

from __future__ import annotations

from django.db.models import QuerySet
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import User
from core.api import path_uuid

from .. import selectors, services
from ..filters import SessionFilter
from ..models import CoachingSession
from ..serializers import (
    CoachingSessionAuthorSerializer,
    CoachingSessionSerializer,
    SessionLogSerializer,
)
from .base import FORBIDDEN, NOT_FOUND, REFUSED, CoachingViewSet

SESSION_ID = path_uuid("public_id", "The session's public id.")
VIEWS = {
    CoachingSessionAuthorSerializer.VIEW: CoachingSessionAuthorSerializer,
    CoachingSessionSerializer.VIEW: CoachingSessionSerializer,
}
SESSION_VIEW = PolymorphicProxySerializer(
    component_name="CoachingSessionView",
    serializers=VIEWS,
    resource_type_field_name="view",
    many=False,
)
SESSION_VIEWS = PolymorphicProxySerializer(
    component_name="CoachingSessionView",
    serializers=VIEWS,
    resource_type_field_name="view",
    many=True,
)


def session_data(session: CoachingSession) -> dict:
    """The author's view (with private notes) for the coach who logged it, else the
    teacher's view, which has no private notes field at all. `session` comes from
    `selectors.visible_sessions`, which asks the policy's `read_private_notes` of every
    session in the same query."""
    if session.may_read_private_notes:
        return CoachingSessionAuthorSerializer(session).data
    return CoachingSessionSerializer(session).data


@extend_schema(tags=["coaching"])
class SessionViewSet(CoachingViewSet):
    """Coaching session logs: the coach who logged a session and its teacher see it."""

    model = CoachingSession
    noun = "session"
    ordering = ("-held_on", "-pk")  # cursor pages (core.pagination.api)
    serializer_class = CoachingSessionSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = SessionFilter

    def visible(self, user: User) -> QuerySet[CoachingSession]:
        return selectors.visible_sessions(viewer=user)

    @extend_schema(
        summary="Session logs",
        description="A coach: the sessions they logged (with their private notes, "
        '`view: "author"`). A teacher: the sessions about them, with shared notes and next '
        'steps only (`view: "shared"`; there is no `private_notes` field). Newest first.',
        responses={200: SESSION_VIEWS, 400: REFUSED, 404: NOT_FOUND},
    )
    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response([session_data(s) for s in page])

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
        self.kwargs[self.lookup_field] = session.public_id
        return Response(session_data(self.get_object()), status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="A session",
        description="The coach who logged it sees their private notes; the teacher sees the "
        "session without them. Anyone else: 404.",
        parameters=[SESSION_ID],
        responses={200: SESSION_VIEW, 404: NOT_FOUND},
    )
    def retrieve(self, request: Request, public_id: str) -> Response:
        return Response(session_data(self.get_object()))
