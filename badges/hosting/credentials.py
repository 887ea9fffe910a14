"""Open Badges 3.0 documents for model instances: DIDs, URLs, credentials, keys, status lists.

Issuers are ``did:web`` DIDs under ``<SITE_URL>/ob/v3/issuers/<uuid>`` and Cairn
itself (which signs learner records) is ``did:web`` of ``<SITE_URL>/ob/v3``.
Credentials are signed when asked for, with the issuer's active key, and the
signed copies are cached per assertion and key in the "hosted" cache: revoking
changes the status list, never the credential, so a cached copy stays right.
Endorsements are EndorsementCredentials signed by the endorser's own key (its
issuer profile's DID) and embedded, signed, in the Achievement of every credential
of the badge; a new or withdrawn endorsement reaches cached credentials within
CREDENTIAL_CACHE_SECONDS.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime, time
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from competencies.models import Competency

from .. import selectors, selectors_ob3, services_ob3
from ..models import (
    Assertion,
    BadgeClass,
    CreditAgreement,
    Endorsement,
    Issuer,
    IssuerKey,
    StatusListEntry,
)
from ..openbadges.hashing import normalize_email
from ..openbadges.ob3 import baking, dataintegrity, didweb, keys, statuslist
from ..openbadges.ob3 import credential as cred
from ..openbadges.ob3 import jwt as vcjwt
from ..openbadges.ob3.documentloader import DID_V1_CONTEXT
from . import documents

MULTIKEY_CONTEXT = "https://w3id.org/security/multikey/v1"
CREDENTIAL_CACHE_SECONDS = 300
PLATFORM_NAME = "Cairn"


# DIDs and URLs ------------------------------------------------------------------------


def platform_did() -> str:
    """Cairn's own DID (it signs learner records): did:web:<host>:ob:v3."""
    return didweb.did_from_url(settings.SITE_URL, "ob", "v3")


def issuer_did(issuer: Issuer) -> str:
    """did:web:<host>:ob:v3:issuers:<uuid>, resolving to …/ob/v3/issuers/<uuid>/did.json."""
    return didweb.did_from_url(settings.SITE_URL, "ob", "v3", "issuers", str(issuer.public_id))


def owner_did(issuer: Issuer | None) -> str:
    return platform_did() if issuer is None else issuer_did(issuer)


def verification_method(issuer: Issuer | None, key: IssuerKey) -> str:
    """``<did>#<kid>``: the key's id in the DID document, named by proofs and JWT headers."""
    return f"{owner_did(issuer)}#{key.kid}"


def key_owner_from_did(did: str) -> uuid.UUID | None:
    """The issuer public id a DID of this site names; None for Cairn's own DID.

    ValueError when the DID is not one this site publishes.
    """
    mine = platform_did()
    if did == mine:
        return None
    prefix = f"{mine}:issuers:"
    if not isinstance(did, str) or not did.startswith(prefix):
        raise ValueError(f"Not a DID of this site: {did!r}")
    public_id = uuid.UUID(did[len(prefix) :])
    if str(public_id) != did[len(prefix) :]:
        raise ValueError(f"Not a DID of this site: {did!r}")
    return public_id


def _url(name: str, **kwargs: Any) -> str:
    return documents.absolute(reverse(f"ob3:{name}", kwargs=kwargs))


def did_document_url(issuer: Issuer) -> str:
    return _url("issuer-did", public_id=issuer.public_id)


def jwks_url(issuer: Issuer) -> str:
    return _url("issuer-jwks", public_id=issuer.public_id)


def status_list_url(issuer: Issuer) -> str:
    return _url("issuer-status", public_id=issuer.public_id)


def achievement_url(badge_class: BadgeClass) -> str:
    return _url("achievement-detail", public_id=badge_class.public_id)


def credential_url(assertion: Assertion) -> str:
    return _url("credential-detail", public_id=assertion.public_id)


def credential_jwt_url(assertion: Assertion) -> str:
    return _url("credential-jwt", public_id=assertion.public_id)


def endorsement_credential_url(endorsement: Endorsement) -> str:
    return _url("endorsement-detail", public_id=endorsement.public_id)


def credential_baked_url(assertion: Assertion, kind: str) -> str:
    name = "credential-baked-svg" if kind == "svg" else "credential-baked-png"
    return _url(name, public_id=assertion.public_id)


def credential_wallet_url(assertion: Assertion) -> str:
    return _url("credential-wallet", public_id=assertion.public_id)


# Profiles and achievements --------------------------------------------------------------


def issuer_profile(issuer: Issuer) -> cred.Profile:
    return cred.Profile(
        id=issuer_did(issuer),
        name=issuer.name,
        url=issuer.url or None,
        email=issuer.email or None,
        description=issuer.description or None,
    )


def platform_profile() -> cred.Profile:
    return cred.Profile(id=platform_did(), name=PLATFORM_NAME, url=settings.SITE_URL)


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
        agreements=selectors_ob3.credit_agreements_of(badge_class),
        endorsements=embedded_endorsements(badge_class, selectors.endorsements_of(badge_class)),
    )
    return {"@context": list(cred.OB3_CONTEXTS), **found.to_json()}


# Credentials -----------------------------------------------------------------------------


def _evidence(items: Iterable[dict[str, Any]]) -> tuple[cred.Evidence, ...]:
    return tuple(
        cred.Evidence(
            id=item.get("url") or None,
            name=item.get("name") or None,
            narrative=item.get("narrative") or None,
        )
        for item in items
        if isinstance(item, dict) and (item.get("url") or item.get("narrative"))
    )


def credential_document(
    assertion: Assertion,
    *,
    entry: StatusListEntry,
    competencies: Sequence[Competency],
    agreements: Sequence[CreditAgreement],
    endorsements: Sequence[Mapping[str, Any]] = (),
) -> dict[str, Any]:
    """The unsigned OpenBadgeCredential of an assertion.

    The subject is the earner's e-mail hashed with the assertion's salt (as in 2.0).
    """
    badge_class = assertion.badge_class
    issuer = badge_class.issuer
    status_issuer = issuer if entry.issuer_id == issuer.pk else entry.issuer
    return cred.build_achievement_credential(
        credential_id=credential_url(assertion),
        issuer=issuer_profile(issuer),
        achievement=achievement(
            badge_class,
            competencies=competencies,
            agreements=agreements,
            endorsements=endorsements,
        ),
        recipient=cred.Recipient(email=assertion.recipient_email, salt=assertion.salt),
        valid_from=assertion.issued_on,
        valid_until=assertion.expires_at,
        awarded_date=assertion.issued_on,
        name=badge_class.name,
        image=documents.badge_image_url(badge_class),
        evidence=_evidence(assertion.evidence or []),
        credential_status=statuslist.status_list_entry(
            status_list_credential=status_list_url(status_issuer), index=entry.index
        ),
    )


def sign(document: dict[str, Any], *, issuer: Issuer | None, key: IssuerKey) -> dict[str, Any]:
    """`document` with an eddsa-rdfc-2022 Data Integrity proof by `key`, dated now."""
    return dataintegrity.sign(
        document,
        private_key=services_ob3.signing_key(key),
        verification_method=verification_method(issuer, key),
        created=timezone.now(),
    )


def encode_jwt(document: dict[str, Any], *, issuer: Issuer | None, key: IssuerKey) -> str:
    """`document` (without an embedded proof) as a VC-JWT signed with EdDSA by `key`."""
    return vcjwt.encode(
        document,
        private_key=services_ob3.signing_key(key),
        kid=verification_method(issuer, key),
    )


def credential_cache_key(assertion: Assertion, key: IssuerKey) -> str:
    return f"ob3:credential:{assertion.public_id}:{key.kid}"


def signed_credential(
    assertion: Assertion, *, entry: StatusListEntry, key: IssuerKey
) -> tuple[dict[str, Any], str]:
    """(the credential with its Data Integrity proof, the same credential as a VC-JWT).

    Signed with `key` (the issuer's active key) and cached per assertion and key;
    on a miss this reads the badge's competencies and credit agreements (two queries)
    and, when the badge is endorsed (``badge_endorsed``, annotated by the selector;
    assumed when absent), its endorsements and their endorsers' keys (two more).
    """
    cache = caches["hosted"]
    cache_key = credential_cache_key(assertion, key)
    cached = cache.get(cache_key)
    if cached is None:
        badge_class = assertion.badge_class
        issuer = badge_class.issuer
        document = credential_document(
            assertion,
            entry=entry,
            competencies=selectors_ob3.competencies_of(badge_class),
            agreements=selectors_ob3.credit_agreements_of(badge_class),
            endorsements=(
                embedded_endorsements(badge_class, selectors.endorsements_of(badge_class))
                if getattr(assertion, "badge_endorsed", True)
                else ()
            ),
        )
        cached = (
            sign(document, issuer=issuer, key=key),
            encode_jwt(document, issuer=issuer, key=key),
        )
        cache.set(cache_key, cached, CREDENTIAL_CACHE_SECONDS)
    return cached


def baked_credential(assertion: Assertion, signed: dict[str, Any]) -> bytes:
    """The badge image (PNG or SVG) with the signed credential baked in (3.0 keys)."""
    with assertion.badge_class.image.open("rb") as fh:
        image = fh.read()
    return baking.bake(image, signed)


# Endorsements ------------------------------------------------------------------------------


def endorsement_document(endorsement: Endorsement) -> dict[str, Any]:
    """The unsigned EndorsementCredential: the endorser's profile vouches for the Achievement.

    `badge_class` and `issuer` (the endorser's Open Badges profile) loaded.
    """
    badge_class = endorsement.badge_class
    endorser = endorsement.issuer
    return cred.build_endorsement_credential(
        credential_id=endorsement_credential_url(endorsement),
        endorser=issuer_profile(endorser),
        subject_id=achievement_url(badge_class),
        comment=endorsement.comment,
        valid_from=datetime.combine(endorsement.endorsed_on, time.min, tzinfo=UTC),
        name=f"{endorser.name} endorses {badge_class.name}",
    )


def endorsement_withdrawn_document(endorsement: Endorsement) -> dict[str, Any]:
    """What a withdrawn endorsement's URL answers (with 410)."""
    return {
        "id": endorsement_credential_url(endorsement),
        "revoked": True,
        "message": "This endorsement was withdrawn by the endorser.",
    }


def endorsement_cache_key(endorsement: Endorsement, key: IssuerKey) -> str:
    return f"ob3:endorsement:{endorsement.public_id}:{key.kid}"


def signed_endorsement(endorsement: Endorsement, *, key: IssuerKey) -> dict[str, Any]:
    """The EndorsementCredential signed by `key` (the endorser's active key), cached."""
    cache = caches["hosted"]
    cache_key = endorsement_cache_key(endorsement, key)
    signed = cache.get(cache_key)
    if signed is None:
        signed = sign(endorsement_document(endorsement), issuer=endorsement.issuer, key=key)
        cache.set(cache_key, signed, CREDENTIAL_CACHE_SECONDS)
    return signed


def embedded_endorsements(
    badge_class: BadgeClass, endorsements: Sequence[Endorsement]
) -> list[dict[str, Any]]:
    """The badge's active endorsements, signed, as its Achievement's ``endorsement``.

    The 1EdTech schema wants an embedded EndorsementCredential's ``proof`` as an
    array: the served proof is wrapped in one (the same RDF, so it still verifies).
    Reads the endorsers' active keys in one query (creating a key on first use).
    """
    if not endorsements:
        return []
    active = services_ob3.issuer_active_keys([e.issuer for e in endorsements])
    embedded = []
    for endorsement in endorsements:
        endorsement.badge_class = badge_class  # the same row: no query per endorsement
        signed = signed_endorsement(endorsement, key=active[endorsement.issuer_id])
        proof = signed["proof"]
        embedded.append({**signed, "proof": proof if isinstance(proof, list) else [proof]})
    return embedded


# Published keys ---------------------------------------------------------------------------


def did_document(issuer: Issuer | None, published: Sequence[IssuerKey]) -> dict[str, Any]:
    """The DID document: every key, active and retired, as a Multikey assertion method."""
    did = owner_did(issuer)
    methods = [
        {
            "id": f"{did}#{key.kid}",
            "type": "Multikey",
            "controller": did,
            "publicKeyMultibase": key.public_key_multibase,
        }
        for key in published
    ]
    document: dict[str, Any] = {
        "@context": [DID_V1_CONTEXT, MULTIKEY_CONTEXT],
        "id": did,
    }
    if issuer is not None:
        document["alsoKnownAs"] = [documents.issuer_url(issuer)]
    document["verificationMethod"] = methods
    document["assertionMethod"] = [m["id"] for m in methods]
    return document


def jwks_document(issuer: Issuer | None, published: Sequence[IssuerKey]) -> dict[str, Any]:
    """A JWK Set of every key; each ``kid`` is the verification method a VC-JWT names."""
    return {
        "keys": [
            {
                **keys.public_jwk(
                    dataintegrity.public_key_from_multibase(key.public_key_multibase),
                    kid=verification_method(issuer, key),
                ),
                "alg": "EdDSA",
                "use": "sig",
            }
            for key in published
        ]
    }


# Status list ------------------------------------------------------------------------------


def status_list_size(highest_index: int) -> int:
    """Whole blocks of 131,072 entries, enough for every index allocated so far."""
    block = statuslist.MIN_BITS
    return max(block, (highest_index // block + 1) * block)


def status_list_credential(
    issuer: Issuer, *, key: IssuerKey, revoked: Sequence[int], highest_index: int
) -> dict[str, Any]:
    """The issuer's signed BitstringStatusListCredential (revocation), cached while unchanged."""
    size = status_list_size(highest_index)
    digest = hashlib.sha256(f"{size}:{','.join(map(str, revoked))}".encode()).hexdigest()
    cache = caches["hosted"]
    cache_key = f"ob3:status:{issuer.public_id}:{key.kid}:{digest}"
    signed = cache.get(cache_key)
    if signed is None:
        document = statuslist.build_status_list_credential(
            credential_id=status_list_url(issuer),
            issuer=issuer_did(issuer),
            encoded_list=statuslist.encode(revoked, size=size),
            valid_from=timezone.now(),
            name=f"{issuer.name}: revoked credentials",
        )
        signed = sign(document, issuer=issuer, key=key)
        cache.set(cache_key, signed, CREDENTIAL_CACHE_SECONDS)
    return signed


# Learner records (CLR 2.0) ----------------------------------------------------------------


def learner_record(
    user: User, credentials: Sequence[dict[str, Any]], *, partial: bool, key: IssuerKey
) -> dict[str, Any]:
    """A ClrCredential of the earner's signed credentials, signed by Cairn's own key."""
    document = cred.build_clr_credential(
        credential_id=f"urn:uuid:{uuid.uuid4()}",
        issuer=platform_profile(),
        name=f"Learner record: {user.name}" if user.name else "Learner record",
        description=f"Badges earned on {PLATFORM_NAME} ({settings.SITE_URL}).",
        credentials=credentials,
        valid_from=timezone.now(),
        learner=cred.Recipient(email=normalize_email(user.email), salt=secrets.token_hex(16)),
        partial=partial,
    )
    return sign(document, issuer=None, key=key)
