"""Evidence API: submissions, their artifacts and reviews, and the review queue.

Thin views: parse, fetch what the caller may see (`selectors`; anything else is a
404), call one service, respond. A service's refusal answers through the one
exception handler (`core.api`): 400 for input it refuses, 403 when the caller can see
the submission but may not do this, both as ``{"detail": message, "code": code}``.
"""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, generics, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from core.api import UUID_PATTERN, ErrorSerializer

from . import selectors, services
from .models import Submission
from .serializers import (
    ArtifactCreateSerializer,
    ArtifactSerializer,
    ArtifactUploadSerializer,
    EvidencePublicSerializer,
    QueueItemSerializer,
    QueueQuerySerializer,
    ReviewCreatedSerializer,
    ReviewCreateSerializer,
    SubmissionDetailSerializer,
    SubmissionListQuerySerializer,
    SubmissionSerializer,
    SubmissionStartSerializer,
    WithdrawSerializer,
)

NOT_FOUND = OpenApiResponse(ErrorSerializer, description="No such submission visible to you.")
REFUSED = OpenApiResponse(ErrorSerializer, description="Invalid input, or the move is refused.")
FORBIDDEN = OpenApiResponse(ErrorSerializer, description="You can see it but may not do this.")
PUBLIC_ID = OpenApiParameter(
    "public_id", OpenApiTypes.UUID, OpenApiParameter.PATH, description="The submission's public id."
)
ACTION_RESPONSES = {200: SubmissionDetailSerializer, 400: REFUSED, 403: FORBIDDEN, 404: NOT_FOUND}


@extend_schema(tags=["evidence"])
class SubmissionViewSet(viewsets.GenericViewSet):
    """Evidence submissions the caller can see: their own, and those routed to them."""

    lookup_field = "public_id"
    lookup_value_regex = UUID_PATTERN
    serializer_class = SubmissionSerializer
    parser_classes = [JSONParser]

    def get_queryset(self):
        return selectors.submissions_visible_to(self.request.user).select_related(
            "badge_class__issuer__organization", "earner", "submitted_by", "assertion"
        )

    def _detail(self, public_id: str) -> Submission:
        submission = selectors.submission_detail(self.request.user, public_id)
        if submission is None:
            raise exceptions.NotFound("No such submission.")
        return submission

    def _detail_response(self, public_id, code: int = status.HTTP_200_OK) -> Response:
        submission = self._detail(str(public_id))
        body = SubmissionDetailSerializer(submission, context=self.get_serializer_context())
        return Response(body.data, status=code)

    @extend_schema(
        summary="List submissions",
        parameters=[SubmissionListQuerySerializer],
        responses={200: SubmissionSerializer(many=True), 400: REFUSED},
    )
    def list(self, request: Request) -> Response:
        query = SubmissionListQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        if query.validated_data["mine"]:
            submissions = selectors.submissions_of_earner(request.user)
        else:
            submissions = self.get_queryset()
        if query.validated_data.get("status"):
            submissions = submissions.filter(status=query.validated_data["status"])
        page = self.paginate_queryset(submissions)
        return self.get_paginated_response(SubmissionSerializer(page, many=True).data)

    @extend_schema(
        summary="Start a draft submission",
        request=SubmissionStartSerializer,
        responses={201: SubmissionDetailSerializer, 400: REFUSED, 403: FORBIDDEN},
    )
    def create(self, request: Request) -> Response:
        incoming = SubmissionStartSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        submission = services.submission_start(
            actor=request.user,
            earner=incoming.validated_data.get("earner") or request.user,
            badge_class=incoming.validated_data["badge"],
        )
        return self._detail_response(submission.public_id, status.HTTP_201_CREATED)

    @extend_schema(
        summary="A submission with its evidence, reviews, history and approval progress",
        parameters=[PUBLIC_ID],
        responses={200: SubmissionDetailSerializer, 404: NOT_FOUND},
    )
    def retrieve(self, request: Request, public_id: str) -> Response:
        return self._detail_response(public_id)

    @extend_schema(
        summary="Submit the draft for review",
        parameters=[PUBLIC_ID],
        request=None,
        responses=ACTION_RESPONSES,
    )
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, public_id: str) -> Response:
        services.submission_submit(actor=request.user, submission=self.get_object())
        return self._detail_response(public_id)

    @extend_schema(
        summary="Start a new version after changes were requested",
        parameters=[PUBLIC_ID],
        request=None,
        responses=ACTION_RESPONSES,
    )
    @action(detail=True, methods=["post"])
    def revise(self, request: Request, public_id: str) -> Response:
        services.submission_revise(actor=request.user, submission=self.get_object())
        return self._detail_response(public_id)

    @extend_schema(
        summary="Withdraw the submission",
        parameters=[PUBLIC_ID],
        request=WithdrawSerializer,
        responses=ACTION_RESPONSES,
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, public_id: str) -> Response:
        submission = self.get_object()
        incoming = WithdrawSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        services.submission_withdraw(
            actor=request.user, submission=submission, reason=incoming.validated_data["reason"]
        )
        return self._detail_response(public_id)

    @extend_schema(
        summary="Choose whether the evidence is shown with the badge",
        parameters=[PUBLIC_ID],
        request=EvidencePublicSerializer,
        responses=ACTION_RESPONSES,
    )
    @action(detail=True, methods=["post"], url_path="evidence-public")
    def evidence_public(self, request: Request, public_id: str) -> Response:
        submission = self.get_object()
        incoming = EvidencePublicSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        services.submission_set_evidence_public(
            actor=request.user, submission=submission, public=incoming.validated_data["public"]
        )
        return self._detail_response(public_id)

    @extend_schema(
        summary="Add evidence to the draft",
        parameters=[PUBLIC_ID],
        description="A file as multipart/form-data (`kind=file`, `file`, `title`); "
        "a link or a reflection as JSON or multipart.",
        request={
            "multipart/form-data": ArtifactUploadSerializer,
            "application/json": ArtifactCreateSerializer,
        },
        responses={201: ArtifactSerializer, 400: REFUSED, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, JSONParser])
    def artifacts(self, request: Request, public_id: str) -> Response:
        submission = self.get_object()
        incoming = ArtifactUploadSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        if data["kind"] == "file":
            artifact = services.artifact_add_file(
                actor=request.user, submission=submission, upload=data["file"], title=data["title"]
            )
        elif data["kind"] == "link":
            artifact = services.artifact_add_link(
                actor=request.user, submission=submission, url=data["url"], title=data["title"]
            )
        else:
            artifact = services.artifact_add_reflection(
                actor=request.user, submission=submission, text=data["text"], title=data["title"]
            )
        body = ArtifactSerializer(artifact, context=self.get_serializer_context())
        return Response(body.data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Remove evidence from the draft",
        parameters=[
            PUBLIC_ID,
            OpenApiParameter(
                "artifact_id",
                OpenApiTypes.UUID,
                OpenApiParameter.PATH,
                description="The artifact's public id.",
            ),
        ],
        request=None,
        responses={204: None, 400: REFUSED, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    @action(
        detail=True,
        methods=["delete"],
        url_path=rf"artifacts/(?P<artifact_id>{UUID_PATTERN})",
        url_name="artifact-remove",
    )
    def artifact_remove(self, request: Request, public_id: str, artifact_id: str) -> Response:
        submission = self._detail(public_id)
        artifact = next(
            (
                a
                for version in submission.versions.all()
                for a in version.artifacts.all()
                if str(a.public_id) == artifact_id.lower()
            ),
            None,
        )
        if artifact is None:
            raise exceptions.NotFound("No such artifact on this submission.")
        services.artifact_remove(actor=request.user, artifact=artifact)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="Review the current version",
        parameters=[PUBLIC_ID],
        request=ReviewCreateSerializer,
        responses={201: ReviewCreatedSerializer, 400: REFUSED, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def reviews(self, request: Request, public_id: str) -> Response:
        submission = self.get_object()
        incoming = ReviewCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        review = services.review_submit(
            actor=request.user,
            submission=submission,
            decision=incoming.validated_data["decision"],
            scores=incoming.validated_data["scores"],
            feedback=incoming.validated_data["feedback"],
        )
        body = ReviewCreatedSerializer(review, context=self.get_serializer_context())
        return Response(body.data, status=status.HTTP_201_CREATED)


@extend_schema(
    tags=["evidence"],
    summary="My review queue, oldest first",
    parameters=[QueueQuerySerializer],
    responses={200: QueueItemSerializer(many=True), 400: REFUSED},
)
class ReviewQueueView(generics.ListAPIView):
    """Submissions waiting for the caller's review, leaving out what they already reviewed."""

    serializer_class = QueueItemSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return Submission.objects.none()
        query = QueueQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        filters = selectors.QueueFilters(
            badge=data.get("badge", ""),
            section=str(data["section"]) if data.get("section") else "",
            status=data.get("status", ""),
            min_age_days=data.get("min_age_days"),
        )
        return selectors.review_queue(self.request.user, filters)


router = SimpleRouter()
router.register("submissions", SubmissionViewSet, basename="submission")
