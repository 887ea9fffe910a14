"""What the coaching API's viewsets share: the base viewset, the documented refusals
and the router (actions without a trailing slash)."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db.models import Model, QuerySet
from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions
from rest_framework.parsers import JSONParser
from rest_framework.routers import DynamicRoute, SimpleRouter

from accounts.models import User
from core.api import ErrorSerializer, PublicIdViewSet

NOT_FOUND = OpenApiResponse(ErrorSerializer, description="Nothing visible to you here.")
REFUSED = OpenApiResponse(ErrorSerializer, description="Invalid input, or the move is refused.")
FORBIDDEN = OpenApiResponse(ErrorSerializer, description="You can see it but may not do this.")


class CoachingViewSet(PublicIdViewSet):
    """A coaching resource: its queryset is what the caller may see (`visible`, a
    selector on the access policy); an object outside it answers 404."""

    model: ClassVar[type[Model]]
    noun: ClassVar[str]
    parser_classes = [JSONParser]

    def visible(self, user: User) -> QuerySet:
        raise NotImplementedError

    def get_queryset(self) -> QuerySet:
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return self.model._default_manager.none()
        return self.visible(self.request.user)

    def get_object(self) -> Any:
        found = self.get_queryset().filter(public_id=self.kwargs[self.lookup_field]).first()
        if found is None:
            raise exceptions.NotFound(f"No such {self.noun}.")
        return found


class Router(SimpleRouter):
    """Lists and details end in a slash; actions (`end`, `status`, `dismiss`, …) do not."""

    routes = [
        route._replace(url=route.url.replace("{url_path}{trailing_slash}", "{url_path}"))
        if isinstance(route, DynamicRoute)
        else route
        for route in SimpleRouter.routes
    ]
