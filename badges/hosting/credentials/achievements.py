"""The 3.0 Achievement of a badge class: alignments, credit equivalencies, endorsements."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from competencies.models import Competency

from ...models import BadgeClass, CreditAgreement
from ...openbadges.ob3 import credential as cred
from ...selectors.agreements import credit_agreements_in_effect, endorsements_of
from .. import documents
from .endorsements import embedded_endorsements
from .identifiers import achievement_url, issuer_profile


def _competency_alignment(competency: Competency, description: str = "") -> cred.Alignment:
    return cred.Alignment(
        target_name=competency.code or competency.statement[:80],
        target_url=documents.competency_url(competency),
        target_description=description or competency.statement or None,
        target_framework=competency.framework.title or None,
        target_code=competency.code or None,
        target_type="CFItem" if competency.case_uri else None,
    )


def credit_equivalencies(
    badge_class: BadgeClass, agreements: Iterable[CreditAgreement]
) -> list[cred.CreditEquivalency]:
    """The badge's own credit fields and the colleges' agreements, as 3.0 equivalencies."""
    base = achievement_url(badge_class)
    found = []
    if badge_class.credit_institution and badge_class.credit_hours:
        found.append(
            cred.CreditEquivalency(
                id=f"{base}#credit",
                institution=badge_class.credit_institution,
                course_code=badge_class.credit_course_code,
                course_name="" if badge_class.credit_course_code else "a course",
                credits=badge_class.credit_hours,
            )
        )
    for agreement in agreements:
        institution = agreement.institution
        signed_by = ", ".join(p for p in (agreement.signed_by_name, agreement.signed_by_title) if p)
        found.append(
            cred.CreditEquivalency(
                id=f"{base}#credit-{agreement.public_id}",
                institution=agreement.party_name,
                course_code=agreement.course_code,
                course_name=agreement.course_title,
                credits=agreement.credits,
                course_url=(institution.url or None) if institution is not None else None,
                effective_from=agreement.effective_from,
                approved_by=signed_by or None,
            )
        )
    return found


def achievement(
    badge_class: BadgeClass,
    *,
    competencies: Sequence[Competency],
    agreements: Sequence[CreditAgreement],
    endorsements: Sequence[Mapping[str, Any]] = (),
) -> cred.Achievement:
    """The 3.0 Achievement of a badge class (`cte_competency__framework` loaded).

    `endorsements` are signed EndorsementCredentials (:func:`embedded_endorsements`).
    """
    alignments = [_competency_alignment(c) for c in competencies]
    cte = badge_class.cte_competency
    if cte is not None:
        alignments.append(
            _competency_alignment(
                cte, description=f"Equivalent to CTE competency {cte.code}: {cte.statement}"
            )
        )
    return cred.Achievement(
        id=achievement_url(badge_class),
        name=badge_class.name,
        description=badge_class.description,
        criteria_narrative=badge_class.criteria_narrative or None,
        criteria_url=badge_class.criteria_url or None,
        image=documents.badge_image_url(badge_class),
        achievement_type="Badge",
        alignments=tuple(alignments),
        credit_equivalencies=tuple(credit_equivalencies(badge_class, agreements)),
        tags=tuple(badge_class.tags or ()),
        creator=issuer_profile(badge_class.issuer),
        endorsements=tuple(endorsements),
    )


def achievement_document(badge_class: BadgeClass) -> dict[str, Any]:
    """The achievement on its own, as served at its id (alignments prefetched)."""
    found = achievement(
        badge_class,
        competencies=list(badge_class.alignments.all()),
        agreements=credit_agreements_in_effect(badge_class=badge_class),
        endorsements=embedded_endorsements(badge_class, endorsements_of(badge_class=badge_class)),
    )
    return {"@context": list(cred.OB3_CONTEXTS), **found.to_json()}
