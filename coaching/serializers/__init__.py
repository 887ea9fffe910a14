"""Coaching API shapes. Reads only: every write goes through `coaching.services`.

Nothing here exposes a database id; people, schools, sessions, goals, steps, modules,
badges and competencies are named by their public UUIDs. Private notes: only
`CoachingSessionAuthorSerializer` has the field (see `.sessions`).
"""

from .assignments import (
    AssignmentCreateSerializer,
    AssignmentEndSerializer,
    CoachingAssignmentSerializer,
)
from .fields import GoalStatusField, ScopedPublicIdField, SessionKindField
from .goals import (
    ActionStepCreateSerializer,
    ActionStepDoneSerializer,
    ActionStepSerializer,
    GoalCreateSerializer,
    GoalDetailSerializer,
    GoalProgressSerializer,
    GoalSerializer,
    GoalStatusSerializer,
)
from .recommendations import RecommendationCreateSerializer, RecommendationSerializer
from .refs import CompetencyBriefSerializer, ModuleBriefSerializer, SchoolBriefSerializer
from .sessions import (
    CoachingSessionAuthorSerializer,
    CoachingSessionSerializer,
    SessionLogSerializer,
)

__all__ = [
    "ActionStepCreateSerializer",
    "ActionStepDoneSerializer",
    "ActionStepSerializer",
    "AssignmentCreateSerializer",
    "AssignmentEndSerializer",
    "CoachingAssignmentSerializer",
    "CoachingSessionAuthorSerializer",
    "CoachingSessionSerializer",
    "CompetencyBriefSerializer",
    "GoalCreateSerializer",
    "GoalDetailSerializer",
    "GoalProgressSerializer",
    "GoalSerializer",
    "GoalStatusField",
    "GoalStatusSerializer",
    "ModuleBriefSerializer",
    "RecommendationCreateSerializer",
    "RecommendationSerializer",
    "SchoolBriefSerializer",
    "ScopedPublicIdField",
    "SessionKindField",
    "SessionLogSerializer",
]
