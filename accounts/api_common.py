"""What every app's API shares: public-id URL patterns and how service refusals answer."""

from __future__ import annotations

from typing import ClassVar

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions, status
from rest_framework.response import Response

UUID_PATTERN = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"


class Refused(exceptions.APIException):
    """A request a service refuses; the message is fit to show."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = "This request cannot be carried out."
    default_code = "refused"


class ServiceErrorsMixin:
    """Answer a service's refusals (`refusals`) as 400 and its `PermissionDenied` as 403,
    each with the service's own message."""

    refusals: ClassVar[tuple[type[Exception], ...]] = ()

    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, self.refusals):
            exc = Refused(str(exc))
        elif isinstance(exc, DjangoPermissionDenied):
            exc = exceptions.PermissionDenied(str(exc) or None)
        return super().handle_exception(exc)  # type: ignore[misc]


def path_uuid(name: str, description: str) -> OpenApiParameter:
    return OpenApiParameter(name, OpenApiTypes.UUID, OpenApiParameter.PATH, description=description)
