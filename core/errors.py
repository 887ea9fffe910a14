"""One error model for every service.

A service refuses a request by raising a `ServiceError` (or a subclass naming the
case): its message is fit to show to the person asking, `code` names the case for
programs, and `status` is the HTTP answer. The DRF exception handler
(`core.api.exception_handler`) and the page helper (`core.views.run_service`) turn
any of them into a response, so no view lists the errors it expects.

`Forbidden` is also Django's `PermissionDenied`: pages answer it with 404 (the
object is not theirs to see), the API with 403.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied


class ServiceError(Exception):
    """A request a service refuses; nothing was changed."""

    code = "refused"
    status = 400
    default_message = "This request cannot be carried out."

    def __init__(self, message: str = "", *, code: str | None = None) -> None:
        super().__init__(message or self.default_message)
        if code is not None:
            self.code = code

    @property
    def message(self) -> str:
        return str(self)


class Forbidden(ServiceError, PermissionDenied):
    """The actor may not do this (to this object)."""

    code = "forbidden"
    status = 403
    default_message = "You may not do this."


class NotFound(ServiceError):
    """What the request names does not exist (or is not the actor's to see)."""

    code = "not_found"
    status = 404
    default_message = "Not found."


class InvalidTransition(ServiceError):
    """A status move the workflow does not allow from where the object is."""

    code = "invalid_transition"

    def __init__(self, message: str, *, from_status: str = "", to_status: str = "") -> None:
        super().__init__(message)
        self.from_status, self.to_status = from_status, to_status
