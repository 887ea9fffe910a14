"""What every app's API shares: the exception handler, the base ViewSet addressed by
public id, and the OpenAPI parameter for a public id in the path."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions, serializers, viewsets
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .errors import ServiceError

UUID_PATTERN = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"


class ErrorSerializer(serializers.Serializer):
    """Every refusal the API answers: the message, and (for a service's) its code."""

    detail = serializers.CharField()
    code = serializers.CharField(required=False)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, with every `ServiceError` answered by its own status and code:
    `{"detail": <message>, "code": <code>}`. A plain `PermissionDenied` a service raised
    answers 403 with its message."""
    if isinstance(exc, ServiceError):
        response = Response({"detail": exc.message, "code": exc.code}, status=exc.status)
        return response
    if isinstance(exc, PermissionDenied) and not isinstance(exc, exceptions.APIException):
        exc = exceptions.PermissionDenied(str(exc) or None)
    return drf_exception_handler(exc, context)


class PublicIdViewSet(viewsets.GenericViewSet):
    """A ViewSet whose objects are addressed by their public UUID, never a database id.

    `get_queryset` must return what the user may see (a policy's queryset): anything
    else answers 404.
    """

    lookup_field = "public_id"
    lookup_value_regex = UUID_PATTERN


def path_uuid(name: str, description: str) -> OpenApiParameter:
    return OpenApiParameter(name, OpenApiTypes.UUID, OpenApiParameter.PATH, description=description)
