from django.apps import AppConfig


class CoachingConfig(AppConfig):
    name = "coaching"

    def ready(self) -> None:
        # Coaches review the evidence of the teachers on their current caseload. The
        # caseload is coaching's; evidence, below it, asks through this one route.
        from evidence.models import ReviewerKind
        from evidence.permissions import register_reviewer_route

        from .permissions import on_caseload_q

        register_reviewer_route(ReviewerKind.COACH, on_caseload_q)
