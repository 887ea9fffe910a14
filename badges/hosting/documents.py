"""Hosted Open Badges 2.0 documents for model instances: absolute URLs and JSON-LD."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, time
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

from ..models import Assertion, BadgeClass, CreditAgreement, Endorsement, Issuer
from ..openbadges import ob2
from ..selectors.agreements import credit_agreements_in_effect, endorsements_of
from ..selectors.hosting import HostedAssertion

_PLACEHOLDER = uuid.UUID(int=0)


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


@lru_cache(maxsize=64)
def _route(name: str, urlconf: str, script_prefix: str) -> tuple[str, str]:
    """The path of URL `name` before and after its `public_id`, reversed once per
    URLconf and script prefix (the URLconf does not change while a process runs)."""
    path = reverse(name, urlconf=urlconf, kwargs={"public_id": _PLACEHOLDER})
    head, found, tail = path.partition(str(_PLACEHOLDER))
    if not found:
        raise ValueError(f"URL {name!r} does not end in its public_id")
    return head, tail


def _url(name: str, public_id: uuid.UUID) -> str:
    """What `absolute(reverse(name, kwargs={"public_id": public_id}))` is (a UUID is
    written as itself), without walking the URLconf on every call."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    head, tail = _route(name, urlconf, get_script_prefix())
    return f"{settings.SITE_URL}{head}{public_id}{tail}"


def issuer_url(issuer: Issuer) -> str:
    return _url("ob2:issuer", issuer.public_id)


def revocation_list_url(issuer: Issuer) -> str:
    return _url("ob2:revocation-list", issuer.public_id)


def badge_class_url(badge_class: BadgeClass) -> str:
    return _url("ob2:badgeclass", badge_class.public_id)


def badge_image_url(badge_class: BadgeClass) -> str:
    return _url("ob2:badgeclass-image", badge_class.public_id)


def assertion_url(assertion: Assertion) -> str:
    return _url("ob2:assertion", assertion.public_id)


def baked_url(assertion: Assertion, kind: str) -> str:
    return _baked_url(assertion.public_id, kind)


def _baked_url(public_id: uuid.UUID, kind: str) -> str:
    name = "ob2:assertion-baked-svg" if kind == "svg" else "ob2:assertion-baked-png"
    return _url(name, public_id)


def issuer_document(issuer: Issuer) -> dict[str, Any]:
    return ob2.issuer_json(
        id=issuer_url(issuer),
        name=issuer.name,
        url=issuer.url,
        email=issuer.email,
        description=issuer.description,
        revocation_list=revocation_list_url(issuer),
    )


def competency_url(competency: Any) -> str:
    if competency.case_uri:
        return competency.case_uri
    return _url("competencies:competency-detail", competency.public_id)


def badge_class_alignments(badge_class: BadgeClass) -> list[ob2.Alignment]:
    """Alignments to competencies, plus the credit equivalency as an alignment.

    Expects `alignments` (with framework) and `cte_competency` to be prefetched.
    """
    aligned = [
        ob2.Alignment(
            target_name=c.code or c.statement[:80],
            target_url=competency_url(c),
            target_description=c.statement,
            target_framework=c.framework.title,
            target_code=c.code,
        )
        for c in badge_class.alignments.all()
    ]
    cte = badge_class.cte_competency
    if cte is not None:
        aligned.append(
            ob2.Alignment(
                target_name=f"CTE competency {cte.code}".strip(),
                target_url=competency_url(cte),
                target_description=badge_class.credit_summary,
                target_framework=cte.framework.title,
                target_code=cte.code,
            )
        )
    elif badge_class.credit_institution and badge_class.credit_hours:
        aligned.append(
            ob2.Alignment(
                target_name=(
                    f"{badge_class.credit_course_code or 'Credit'}"
                    f" ({badge_class.credit_hours.normalize():f} credits)"
                ),
                target_url=f"{badge_class_url(badge_class)}#credit",
                target_description=badge_class.credit_summary,
                target_framework=badge_class.credit_institution,
                target_code=badge_class.credit_course_code,
            )
        )
    aligned.extend(
        credit_agreement_alignment(a, badge_class)
        for a in credit_agreements_in_effect(badge_class=badge_class)
    )
    return aligned


def credit_agreement_alignment(
    agreement: CreditAgreement, badge_class: BadgeClass
) -> ob2.Alignment:
    """A college's credit agreement as an alignment: 'WELD 101 (3 credits)'."""
    institution = agreement.institution
    return ob2.Alignment(
        target_name=f"{agreement.course_code} ({agreement.credits_label})",
        target_url=(institution.url if institution is not None and institution.url else "")
        or f"{badge_class_url(badge_class)}#credit",
        target_description=agreement.summary,
        target_framework=agreement.party_name,
        target_code=agreement.course_code,
    )


def badge_class_document(badge_class: BadgeClass) -> dict[str, Any]:
    doc = ob2.badge_class_json(
        id=badge_class_url(badge_class),
        name=badge_class.name,
        description=badge_class.description,
        image=badge_image_url(badge_class),
        criteria_narrative=badge_class.criteria_narrative,
        criteria_url=badge_class.criteria_url,
        issuer=issuer_url(badge_class.issuer),
        alignments=badge_class_alignments(badge_class),
        tags=badge_class.tags or [],
    )
    endorsements = endorsements_of(badge_class=badge_class)
    if endorsements:
        doc["endorsement"] = [endorsement_url(e) for e in endorsements]
    return doc


def endorsement_url(endorsement: Endorsement) -> str:
    return _url("ob2:endorsement", endorsement.public_id)


def endorsement_document(endorsement: Endorsement) -> dict[str, Any]:
    """An Open Badges 2.0 Endorsement of a badge class; a withdrawn one is the 410 stub."""
    if endorsement.status != Endorsement.Status.ACTIVE:
        return {
            "@context": ob2.CONTEXT,
            "type": "Endorsement",
            "id": endorsement_url(endorsement),
            "revoked": True,
            "revocationReason": "Withdrawn by the endorser.",
        }
    issued = datetime.combine(endorsement.endorsed_on, time.min, tzinfo=UTC)
    return {
        "@context": ob2.CONTEXT,
        "type": "Endorsement",
        "id": endorsement_url(endorsement),
        "claim": {
            "id": badge_class_url(endorsement.badge_class),
            "endorsementComment": endorsement.comment,
        },
        "issuer": issuer_url(endorsement.issuer),
        "issuedOn": ob2.iso(issued),
        "verification": {"type": "HostedBadge"},
    }


def assertion_data(assertion: Assertion | HostedAssertion) -> ob2.AssertionData:
    row = assertion if isinstance(assertion, HostedAssertion) else HostedAssertion.of(assertion)
    return ob2.AssertionData(
        id=_url("ob2:assertion", row.public_id),
        badge=_url("ob2:badgeclass", row.badge_public_id),
        salt=row.salt,
        identity_hash=row.recipient_hash,
        issued_on=row.issued_on,
        image=_baked_url(row.public_id, row.badge_image_type),
        narrative=row.narrative,
        evidence=tuple(ob2.EvidenceItem.from_json(e) for e in row.evidence or []),
        expires=row.expires_at,
    )


def assertion_document(assertion: Assertion | HostedAssertion) -> dict[str, Any]:
    """The hosted assertion (from the model or the hosted JSON's selector); for a
    revoked one, the 410 body."""
    if assertion.revoked_at is not None:
        return ob2.revoked_assertion_json(
            id=_url("ob2:assertion", assertion.public_id), reason=assertion.revocation_reason
        )
    return ob2.assertion_json(assertion_data(assertion))


def baked_assertion_document(assertion: Assertion) -> dict[str, Any]:
    """What goes inside a baked image: the full assertion (never the revoked stub)."""
    return ob2.assertion_json(assertion_data(assertion))
