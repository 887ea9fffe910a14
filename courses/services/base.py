"""What every courses service shares: its refusal."""

from core.errors import ServiceError


class CourseError(ServiceError):
    """A request that cannot be carried out; the message is fit to show."""

    code = "course_refused"
