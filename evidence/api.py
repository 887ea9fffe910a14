"""Evidence API: submissions, their artifacts and reviews, and the review queue.

Thin views: parse, fetch what the caller may see (`selectors`; anything else is a
404), call one service, respond. A service's refusal answers through the one
exception handler (`core.api`): 400 for input it refuses, 403 when the caller can see
the submission but may not do this, both as ``{"detail": message, "code": code}``.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, generics, status
from rest_framework.decorators import action
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from core.api import UUID_PATTERN, ErrorSerializer, PublicIdViewSet

from . import selectors, services
from .filters import ReviewQueueFilter, SubmissionListFilter
from .models import Submission
from .serializers import (
    ArtifactCreateSerializer,
    ArtifactSerializer,
    ArtifactUploadSerializer,
    EvidencePublicSerializer,
    QueueItemSerializer,
    ReviewCreatedSerializer,
    ReviewCreateSerializer,
    SubmissionDetailSerializer,
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
class SubmissionViewSet(PublicIdViewSet):
    """Evidence submissions the caller can see (the access policy's `view`): their own,
    those routed to them, their linked sections' students'..."""

    serializer_class = SubmissionSerializer
    parser_classes = [JSONParser]
    ordering = ("-updated_at", "-pk")  # cursor pages; index submission_list_order_idx

    filter_backends = [DjangoFilterBackend]
    filterset_class = SubmissionListFilter

    def get_queryset(self) -> QuerySet[Submission]:
        return (
            selectors.submissions_visible_to(user=self.request.user, one=self.action != "list")
            .select_related(*selectors.LIST_ROW_RELATED)
            .order_by("-updated_at", "-pk")
        )

    def keyset_rows(self) -> QuerySet[Submission]:
        """A list page's rows, read by the keys its page query chose (a teacher's few
        thousand visible are sorted before the rows' joins, not after)."""
        return selectors.submission_list_rows()

    def _page(self, public_id: str) -> selectors.SubmissionPage:
        page = selectors.submission_page(user=self.request.user, public_id=public_id)
        if page is None:
            raise exceptions.NotFound("No such submission.")
        return page

    def _detail_response(self, public_id, code: int = status.HTTP_200_OK) -> Response:
        page = self._page(str(public_id))
        context = {**self.get_serializer_context(), "page": page}
        body = SubmissionDetailSerializer(page.submission, context=context)
        return Response(body.data, status=code)

    @extend_schema(
        summary="List submissions",
        responses={200: SubmissionSerializer(many=True), 400: REFUSED},
    )
    def list(self, request: Request) -> Response:
        submissions = self.filter_queryset(self.get_queryset())
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
        artifact = selectors.artifact_of(submission=self.get_object(), artifact_id=artifact_id)
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
    responses={200: QueueItemSerializer(many=True), 400: REFUSED},
)
class ReviewQueueView(generics.ListAPIView):
    """Submissions waiting for the caller's review, leaving out what they already reviewed.
    Filtered as the queue page is (`evidence.filters.ReviewQueueFilter`)."""

    serializer_class = QueueItemSerializer
    ordering = ("submitted_at", "pk")  # cursor pages, oldest first
    filter_backends = [DjangoFilterBackend]
    filterset_class = ReviewQueueFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return Submission.objects.none()
        return selectors.review_queue(user=self.request.user)


router = SimpleRouter()
router.register("submissions", SubmissionViewSet, basename="submission")
