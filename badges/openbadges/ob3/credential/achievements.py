"""What a credential is about: the Achievement, its result descriptions and its credit
equivalencies."""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from .parts import Alignment, Profile, _drop_empty, _image

CREDIT_EQUIVALENCY_TYPE = "ext:CreditEquivalency"


@dataclass(frozen=True)
class ResultDescription:
    id: str
    name: str
    result_type: str  # e.g. "Status", "LetterGrade", or "ext:…"
    allowed_value: Sequence[str] = ()
    required_value: str | None = None
    value_min: str | None = None
    value_max: str | None = None
    alignments: Sequence[Alignment] = ()

    def to_json(self) -> dict[str, Any]:
        return _drop_empty(
            {
                "id": self.id,
                "type": ["ResultDescription"],
                "name": self.name,
                "resultType": self.result_type,
                "allowedValue": list(self.allowed_value),
                "requiredValue": self.required_value,
                "valueMin": self.value_min,
                "valueMax": self.value_max,
                "alignment": [a.to_json() for a in self.alignments],
            }
        )


def _credits(value: Decimal | float | int) -> str:
    return format(Decimal(str(value)).normalize(), "f")


@dataclass(frozen=True)
class CreditEquivalency:
    """An agreement that the achievement is worth `credits` toward a course.

    Published as an Alignment to the course (``targetType`` ``ext:CreditEquivalency``)
    and a ResultDescription (``resultType`` ``ext:CreditEquivalency``) whose
    required value is the number of credits.
    """

    id: str  # URL of the agreement (also the ResultDescription id)
    institution: str
    course_code: str
    course_name: str
    credits: Decimal | float | int
    course_url: str | None = None
    effective_from: date | None = None
    approved_by: str | None = None

    @property
    def course(self) -> str:
        """``WLD 101 Introduction to Welding`` (or just the code when there is no name)."""
        return " ".join(part for part in (self.course_code, self.course_name) if part)

    def description(self) -> str:
        text = f"{_credits(self.credits)} credits toward {self.course} at {self.institution}"
        if self.effective_from:
            text += f", from {self.effective_from.isoformat()}"
        if self.approved_by:
            text += f", approved by {self.approved_by}"
        return text + "."

    def alignment(self) -> Alignment:
        return Alignment(
            target_name=self.course,
            target_url=self.course_url or self.id,
            target_description=self.description(),
            target_framework=self.institution,
            target_code=self.course_code,
            target_type=CREDIT_EQUIVALENCY_TYPE,
        )

    def result_description(self) -> ResultDescription:
        amount = _credits(self.credits)
        return ResultDescription(
            id=self.id,
            name=f"Credit equivalency: {self.description()}",
            result_type=CREDIT_EQUIVALENCY_TYPE,
            allowed_value=(amount,),
            required_value=amount,
        )


@dataclass(frozen=True)
class Achievement:
    id: str
    name: str
    description: str
    criteria_narrative: str | None = None
    criteria_url: str | None = None
    image: str | None = None
    achievement_type: str | None = None  # e.g. "Badge", "Certificate"
    alignments: Sequence[Alignment] = ()
    result_descriptions: Sequence[ResultDescription] = ()
    credit_equivalencies: Sequence[CreditEquivalency] = ()
    credits_available: float | None = None
    tags: Sequence[str] = ()
    creator: Profile | None = None
    human_code: str | None = None
    endorsements: Sequence[Mapping[str, Any]] = ()  # signed EndorsementCredentials

    def to_json(self) -> dict[str, Any]:
        if not (self.criteria_narrative or self.criteria_url):
            raise ValueError("An achievement needs criteria: a narrative or a URL.")
        alignments = [*self.alignments, *(c.alignment() for c in self.credit_equivalencies)]
        results = [
            *self.result_descriptions,
            *(c.result_description() for c in self.credit_equivalencies),
        ]
        return _drop_empty(
            {
                "id": self.id,
                "type": ["Achievement"],
                "achievementType": self.achievement_type,
                "name": self.name,
                "description": self.description,
                "criteria": _drop_empty(
                    {"id": self.criteria_url, "narrative": self.criteria_narrative}
                ),
                "image": _image(self.image),
                "creator": self.creator.to_json() if self.creator else None,
                "creditsAvailable": self.credits_available,
                "humanCode": self.human_code,
                "tag": list(self.tags),
                "alignment": [a.to_json() for a in alignments],
                "resultDescription": [r.to_json() for r in results],
                "endorsement": [copy.deepcopy(dict(e)) for e in self.endorsements],
            }
        )
