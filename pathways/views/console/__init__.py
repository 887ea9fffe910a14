"""The console's pages for awarding (one person, or a CSV file as a bulk job with a
progress bar and a report) and revoking, for the admins of an issuer. Anyone else gets
404, as the console menu (config.navigation: can_award_badges) promises."""

from django.http import Http404, HttpRequest

from badges import permissions as badge_permissions


def require_awarder(request: HttpRequest) -> None:
    """Only those who award for some issuer use these pages; everyone else gets 404."""
    if not badge_permissions.issuers.exists_for(request.user, "award"):
        raise Http404
