"""Courses API: the module library, enrollments and progress, checks, the credential hand-off.

Thin views: parse, fetch what the caller may see (the access policies, through
`courses.selectors`; anything else is a 404), call one service, respond. A service's
refusal answers with its own status and code (`core.api.exception_handler`): a
`CourseError`, or an `EvidenceError` from the credential hand-off, 400; `Forbidden` on
an object the caller can see, 403.
"""

from __future__ import annotations

from django.urls import reverse
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, status
from rest_framework.decorators import action
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DynamicRoute, SimpleRouter

from core.api import UUID_PATTERN, ErrorSerializer, PublicIdViewSet, path_uuid

from . import selectors, services
from .filters import ModuleLibraryFilter
from .models import Enrollment, Step
from .serializers import (
    ApplyResultSerializer,
    ApplySerializer,
    CheckResultSerializer,
    CheckSubmitSerializer,
    EnrollmentDetailSerializer,
    EnrollmentSerializer,
    ModuleDetailSerializer,
    ModuleSerializer,
    StepCompleteSerializer,
    StepProgressSerializer,
)

MODULE_ID = path_uuid("public_id", "The module version's public id.")
ENROLLMENT_ID = path_uuid("public_id", "The enrollment's public id.")
STEP_ID = path_uuid("step_id", "The step's public id (a step of the version being taken).")
NOT_FOUND = OpenApiResponse(ErrorSerializer, description="Nothing visible to you here.")
REFUSED = OpenApiResponse(ErrorSerializer, description="Invalid input, or the move is refused.")
FORBIDDEN = OpenApiResponse(
    ErrorSerializer, description="The micro-credential is not open to you (evidence rules)."
)


class FormatIsAFilter(DefaultContentNegotiation):
    """`?format=` filters the library by module format; it does not pick a renderer."""

    class settings:  # noqa: N801 - stands in for DRF's `api_settings`
        URL_FORMAT_OVERRIDE = None


@extend_schema(tags=["courses"])
class ModuleViewSet(PublicIdViewSet):
    """The library of published modules, and a module version with its steps."""

    serializer_class = ModuleSerializer
    parser_classes = [JSONParser]
    content_negotiation_class = FormatIsAFilter
    # Ranked (best match first) and small (the published library): numbered pages.
    pagination_class = PageNumberPagination
    filter_backends = [DjangoFilterBackend]
    filterset_class = ModuleLibraryFilter

    def get_queryset(self):
        """The library: what `list` searches and filters (`ModuleLibraryFilter`)."""
        return selectors.library_modules(user=self.request.user)

    def _page(self, public_id: str) -> selectors.ModulePage:
        """A version the caller may see, with their enrollment in the module; else 404."""
        page = selectors.module_page(user=self.request.user, public_id=public_id)
        if page is None:
            raise exceptions.NotFound("No such module.")
        return page

    @extend_schema(
        summary="Search the library",
        description="Published modules matching the words and filters, best match first.",
        responses={200: ModuleSerializer(many=True), 400: REFUSED},
    )
    def list(self, request: Request) -> Response:
        found = self.filter_queryset(self.get_queryset())
        modules = (
            selectors.with_library_facts(modules=found)
            .select_related("leads_to")
            .prefetch_related("competencies")
        )
        page = self.paginate_queryset(modules)
        return self.get_paginated_response(ModuleSerializer(page, many=True).data)

    @extend_schema(
        summary="A module version with its steps",
        description="Check questions show their choices' text only; whether an answer is "
        "right, and the feedback on it, come back from the check.",
        parameters=[MODULE_ID],
        responses={200: ModuleDetailSerializer, 404: NOT_FOUND},
    )
    def retrieve(self, request: Request, public_id: str) -> Response:
        page = self._page(public_id)
        body = ModuleDetailSerializer(page.module, context={"enrollment": page.enrollment})
        return Response(body.data)

    @extend_schema(
        summary="Start the module, or resume it",
        description="201 with a new enrollment; 200 with the one I already have (perhaps in "
        "an earlier version of the module, which I keep).",
        parameters=[MODULE_ID],
        request=None,
        responses={
            200: EnrollmentDetailSerializer,
            201: EnrollmentDetailSerializer,
            400: REFUSED,
            404: NOT_FOUND,
        },
    )
    @action(detail=True, methods=["post"])
    def enroll(self, request: Request, public_id: str) -> Response:
        page = self._page(public_id)
        enrollment = services.enrollment_start(learner=request.user, module=page.module)
        code = status.HTTP_200_OK if page.enrollment is not None else status.HTTP_201_CREATED
        return enrollment_response(request, enrollment.public_id, code)


def enrollment_detail(request: Request, public_id) -> Enrollment:
    """The caller's own enrollment with its version's steps and progress, or 404."""
    enrollment = selectors.enrollment_for_learner(user=request.user, public_id=public_id)
    if enrollment is None:
        raise exceptions.NotFound("No such enrollment.")
    return enrollment


def enrollment_response(request: Request, public_id, code: int = status.HTTP_200_OK) -> Response:
    enrollment = enrollment_detail(request, public_id)
    body = EnrollmentDetailSerializer(
        enrollment, context={"progress": selectors.progress_map(enrollment=enrollment)}
    )
    return Response(body.data, status=code)


@extend_schema(tags=["courses"])
class EnrollmentViewSet(PublicIdViewSet):
    """My enrollments (“My learning”): progress, steps done, checks, finishing, applying."""

    serializer_class = EnrollmentSerializer
    parser_classes = [JSONParser]
    ordering = ("-last_active_at", "-pk")  # cursor pages; index enrollment_active_idx

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return Enrollment.objects.none()
        return selectors.my_learning(user=self.request.user)

    def _step(self, enrollment: Enrollment, step_id: str) -> Step:
        """A step of the version the caller is taking (prefetched with it), or 404."""
        for step in enrollment.module.steps.all():
            if str(step.public_id) == step_id.lower():
                return step
        raise exceptions.NotFound("No such step in this module.")

    @extend_schema(
        summary="My learning",
        description="My enrollments, most recently active first.",
        responses={200: EnrollmentSerializer(many=True)},
    )
    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(EnrollmentSerializer(page, many=True).data)

    @extend_schema(
        summary="An enrollment with my progress on every step",
        parameters=[ENROLLMENT_ID],
        responses={200: EnrollmentDetailSerializer, 404: NOT_FOUND},
    )
    def retrieve(self, request: Request, public_id: str) -> Response:
        return enrollment_response(request, public_id)

    @extend_schema(
        summary="Mark a step done",
        description="For read, watch, try and reflect steps (a reflection needs its `answer`); "
        "a check is completed by passing it. Doing it again keeps the first completion time "
        "(and updates a reflection's answer).",
        parameters=[ENROLLMENT_ID, STEP_ID],
        request=StepCompleteSerializer,
        responses={200: StepProgressSerializer, 400: REFUSED, 404: NOT_FOUND},
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=rf"steps/(?P<step_id>{UUID_PATTERN})/complete",
        url_name="step-complete",
    )
    def complete(self, request: Request, public_id: str, step_id: str) -> Response:
        enrollment = enrollment_detail(request, public_id)
        step = self._step(enrollment, step_id)
        incoming = StepCompleteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        progress = services.step_complete(
            learner=request.user,
            enrollment=enrollment,
            step=step,
            answer=incoming.validated_data["answer"],
        )
        return Response(StepProgressSerializer(progress).data)

    @extend_schema(
        summary="Answer a check",
        description="Scores the answers; retries are allowed, and passing completes the step. "
        "Each question's result tells whether the choice given was right, with its feedback.",
        parameters=[ENROLLMENT_ID, STEP_ID],
        request=CheckSubmitSerializer,
        responses={200: CheckResultSerializer, 400: REFUSED, 404: NOT_FOUND},
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=rf"steps/(?P<step_id>{UUID_PATTERN})/check",
        url_name="step-check",
    )
    def check(self, request: Request, public_id: str, step_id: str) -> Response:
        enrollment = enrollment_detail(request, public_id)
        step = self._step(enrollment, step_id)
        incoming = CheckSubmitSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        result = services.check_submit(
            learner=request.user,
            enrollment=enrollment,
            step=step,
            answers=incoming.validated_data["answers"],
        )
        return Response(CheckResultSerializer(result).data)

    @extend_schema(
        summary="Finish the module",
        description="Once every step is done. Awards the module's participation badge, if any.",
        parameters=[ENROLLMENT_ID],
        request=None,
        responses={200: EnrollmentDetailSerializer, 400: REFUSED, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def finish(self, request: Request, public_id: str) -> Response:
        enrollment = enrollment_detail(request, public_id)
        services.enrollment_finish(learner=request.user, enrollment=enrollment)
        return enrollment_response(request, public_id)

    @extend_schema(
        summary="Apply it in your classroom: open a draft submission",
        description="After finishing a module that leads to a micro-credential, opens (or "
        "reuses) a draft evidence submission for it, with the module's reflection answers "
        "attached if asked.",
        parameters=[ENROLLMENT_ID],
        request=ApplySerializer,
        responses={200: ApplyResultSerializer, 400: REFUSED, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"])
    def apply(self, request: Request, public_id: str) -> Response:
        enrollment = enrollment_detail(request, public_id)
        incoming = ApplySerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        submission = services.enrollment_apply_for_credential(
            learner=request.user,
            enrollment=enrollment,
            attach_reflections=incoming.validated_data["attach_reflections"],
        )
        kwargs = {"public_id": submission.public_id}
        body = {
            "submission": submission.public_id,
            "url": request.build_absolute_uri(reverse("evidence:submission-detail", kwargs=kwargs)),
            "api_url": request.build_absolute_uri(reverse("api:submission-detail", kwargs=kwargs)),
        }
        return Response(ApplyResultSerializer(body).data)


class Router(SimpleRouter):
    """Lists and details end in a slash; actions (`enroll`, `finish`, …) do not, like the
    learner pages' actions."""

    routes = [
        route._replace(url=route.url.replace("{url_path}{trailing_slash}", "{url_path}"))
        if isinstance(route, DynamicRoute)
        else route
        for route in SimpleRouter.routes
    ]


router = Router()
router.register("modules", ModuleViewSet, basename="module")
router.register("enrollments", EnrollmentViewSet, basename="enrollment")
