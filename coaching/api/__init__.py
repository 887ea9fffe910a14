"""Coaching API under /api/v1/coaching/: caseload assignments, session logs, goals with
action steps and progress, and module recommendations.

Thin views: parse, fetch what the caller may see (a selector on the access policy;
anything else is a 404), call one service, respond. A service's refusal answers with
its own status and code (`core.api.exception_handler`): 400 for input it rejects, 403
for an object the caller can see but may not change. `config/urls.py` includes
`router`.
"""

from .assignments import AssignmentViewSet
from .base import Router
from .goals import GoalViewSet
from .recommendations import RecommendationViewSet
from .sessions import SessionViewSet

router = Router()
router.register("assignments", AssignmentViewSet, basename="assignment")
router.register("sessions", SessionViewSet, basename="session")
router.register("goals", GoalViewSet, basename="goal")
router.register("recommendations", RecommendationViewSet, basename="recommendation")

__all__ = [
    "AssignmentViewSet",
    "GoalViewSet",
    "RecommendationViewSet",
    "Router",
    "SessionViewSet",
    "router",
]
