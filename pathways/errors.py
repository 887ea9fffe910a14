"""What pathway services refuse (see `core.errors`)."""

from badges.errors import BadgeError


class PathwayError(BadgeError):
    """A pathway action that cannot be done."""

    code = "pathway_refused"


class PathwayCycleError(PathwayError):
    """Adding this would make a pathway contain itself."""

    code = "pathway_cycle"


class BulkAwardError(PathwayError):
    """A bulk-award file or job that cannot be used as asked."""

    code = "bulk_award_refused"
