"""Verify Open Badges 3.0 credentials issued here: JSON with a Data Integrity proof, a
VC-JWT, or either baked into a PNG or SVG. The checks run in order and the first
that fails is named:

1. schema — the 1EdTech OpenBadgeCredential JSON Schema;
2. signature — against the keys the issuer publishes in its DID document, retired
   ones included (a key id it never published: "signed with an unknown key"); a
   field changed after signing breaks the signature;
3. expiry — validFrom and validUntil;
4. status — the issuer's revocation status list.

Nothing is fetched: only credentials whose issuer is a DID of this site can be
checked, against this site's own database.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import jwt as pyjwt
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.utils import timezone
from django.utils.translation import gettext as _

from ..hosting import credentials
from ..models import Assertion, RevocationDocument
from ..openbadges.hashing import identity_matches, normalize_email
from ..openbadges.ob3 import baking, dataintegrity, didweb, statuslist
from ..openbadges.ob3 import credential as cred
from ..openbadges.ob3 import jwt as vcjwt
from ..openbadges.ob3._dates import parse_datetime
from ..selectors.hosting import assertion_for_hosting
from ..selectors.keys import issuer_for_keys, published_key
from ..selectors.revocations import status_list_body
from ..services.revocation_documents import revocation_document_ensure
from .ob2 import Outcome, Verification, public_id_from_url

FORMAT = "ob3"
OB3_TYPES = frozenset({"OpenBadgeCredential", "AchievementCredential"})


def _result(outcome: str, message: str, *, check: str = "", **kwargs: Any) -> Verification:
    return Verification(outcome, message, check=check, format=FORMAT, **kwargs)


def looks_like_jwt(text: str) -> bool:
    return text.count(".") == 2 and not any(c.isspace() or c in "{}" for c in text)


def is_ob3_document(document: dict[str, Any]) -> bool:
    """Whether a JSON document claims to be a Verifiable Credential (rather than OB 2.0)."""
    types = document.get("type")
    types = types if isinstance(types, list) else [types]
    contexts = document.get("@context")
    contexts = contexts if isinstance(contexts, list) else [contexts]
    return "VerifiableCredential" in types or any(
        isinstance(c, str) and c.startswith("https://www.w3.org/ns/credentials/") for c in contexts
    )


def unbake(data: bytes) -> str | None:
    """The 3.0 credential (JSON text or VC-JWT) baked into an image, if any.

    None for images without one, or that this reader cannot parse: the caller
    then tries Open Badges 2.0.
    """
    try:
        found = baking.unbake(data)
    except baking.BakeryError:
        return None
    return found.payload if found is not None else None


def verify_text(text: str, *, email: str = "") -> Verification:
    """A credential's JSON text or a VC-JWT."""
    text = text.strip()
    if looks_like_jwt(text):
        return verify_jwt(text, email=email)
    try:
        document = json.loads(text)
    except ValueError:
        return _result(
            Outcome.INVALID,
            _("This is neither a credential's JSON nor a VC-JWT."),
            check="input",
        )
    if not isinstance(document, dict):
        return _result(Outcome.INVALID, _("A credential is a JSON object."), check="input")
    return verify_document(document, email=email)


# The checks -----------------------------------------------------------------------------


def _schema(document: dict[str, Any]) -> Verification | None:
    types = document.get("type")
    if isinstance(types, list) and "ClrCredential" in types:
        return _result(
            Outcome.INVALID,
            _("This is a learner record (CLR). Verify the badges in it one at a time."),
            check="input",
        )
    errors = cred.validate(document)
    if errors:
        return _result(
            Outcome.SCHEMA,
            _("This is not a valid Open Badges 3.0 credential: it fails the 1EdTech schema."),
            check="schema",
            problems=errors[:10],
        )
    return None


def _issuer_id(document: dict[str, Any]) -> str:
    issuer = document.get("issuer")
    value = issuer.get("id") if isinstance(issuer, dict) else issuer
    return value if isinstance(value, str) else ""


def _issuer_name(document: dict[str, Any]) -> str:
    issuer = document.get("issuer")
    name = issuer.get("name") if isinstance(issuer, dict) else None
    return name if isinstance(name, str) and name else _issuer_id(document)


class _NotOurs(Exception):
    pass


def _key_resolver(issuer_did: str) -> Callable[[str], Ed25519PublicKey | None]:
    """Resolve ``<issuer DID>#<kid>`` among the keys this issuer published (retired too).

    _NotOurs when the issuer is not a DID this site publishes.
    """
    try:
        owner = credentials.key_owner_from_did(issuer_did)
    except ValueError as exc:
        raise _NotOurs from exc

    def resolve(method: str) -> Ed25519PublicKey | None:
        try:
            did, kid = didweb.split_did_url(method)
        except ValueError:
            return None
        if did != issuer_did:  # a key of another issuer does not vouch for this one
            return None
        key = published_key(issuer_public_id=owner, kid=kid)
        if key is None:
            return None
        return dataintegrity.public_key_from_multibase(key.public_key_multibase)

    return resolve


def _not_ours(document: dict[str, Any]) -> Verification:
    return _result(
        Outcome.NOT_FOUND,
        _(
            "This credential was not issued by Cairn here (its issuer is %(issuer)s). "
            "Cairn can only check the signatures of credentials it issued."
        )
        % {"issuer": _issuer_id(document) or _("missing")},
        check="issuer",
    )


def _unknown_key(document: dict[str, Any], detail: str) -> Verification:
    return _result(
        Outcome.UNKNOWN_KEY,
        _("This credential was signed with an unknown key: not one that %(issuer)s published.")
        % {"issuer": _issuer_name(document)},
        check="signature",
        problems=[detail] if detail else [],
    )


def _bad_signature(detail: str) -> Verification:
    return _result(
        Outcome.BAD_SIGNATURE,
        _(
            "The signature does not match this credential: it was changed after it was "
            "signed, or it was not signed by its issuer."
        ),
        check="signature",
        problems=[detail] if detail else [],
    )


def verify_document(document: dict[str, Any], *, email: str = "") -> Verification:
    """A credential with an embedded Data Integrity proof (eddsa-rdfc-2022)."""
    failed = _schema(document)
    if failed is not None:
        return failed
    try:
        resolve = _key_resolver(_issuer_id(document))
    except _NotOurs:
        return _not_ours(document)
    checked = dataintegrity.verify(document, resolve_key=resolve)
    if not checked.ok:
        if checked.reason == dataintegrity.Reason.UNKNOWN_KEY:
            return _unknown_key(document, checked.detail)
        return _bad_signature(checked.detail)
    return _after_signature(document, email=email)


def _unverified_jwt_credential(token: str) -> dict[str, Any] | None:
    try:
        payload = pyjwt.decode(token, options={"verify_signature": False})
    except pyjwt.InvalidTokenError:
        return None
    if isinstance(payload.get("vc"), dict):
        return payload["vc"]
    return {k: v for k, v in payload.items() if k not in vcjwt.REGISTERED_CLAIMS}


def verify_jwt(token: str, *, email: str = "") -> Verification:
    """A VC-JWT: the schema is checked on its payload, then the signature."""
    credential = _unverified_jwt_credential(token)
    if credential is None:
        return _result(Outcome.INVALID, _("This VC-JWT cannot be read."), check="input")
    failed = _schema(credential)
    if failed is not None:
        return failed
    try:
        resolve = _key_resolver(_issuer_id(credential))
    except _NotOurs:
        return _not_ours(credential)
    decoded = vcjwt.decode(token, resolve_key=resolve)
    if decoded.reason == vcjwt.Reason.UNKNOWN_KEY:
        return _unknown_key(credential, decoded.detail)
    # An expired (or not yet valid) token's signature verified: the clock is checked
    # below, in the same words as for a JSON credential.
    clock = (vcjwt.Reason.EXPIRED, vcjwt.Reason.NOT_YET_VALID)
    if decoded.credential is None or (decoded.reason is not None and decoded.reason not in clock):
        return _bad_signature(decoded.detail)
    return _after_signature(decoded.credential, email=email)


def _recipient_match(document: dict[str, Any], email: str) -> bool | None:
    if not email:
        return None
    subject = document.get("credentialSubject")
    identifiers = subject.get("identifier") if isinstance(subject, dict) else None
    for identity in identifiers if isinstance(identifiers, list) else []:
        if not isinstance(identity, dict) or identity.get("identityType") != "emailAddress":
            continue
        value = str(identity.get("identityHash") or "")
        if identity.get("hashed"):
            if identity_matches(email, str(identity.get("salt") or ""), value):
                return True
        elif normalize_email(value) == normalize_email(email):
            return True
    return False


def _assertion_of(document: dict[str, Any]) -> Assertion | None:
    public_id = public_id_from_url(str(document.get("id") or ""))
    return assertion_for_hosting(public_id=public_id) if public_id else None


def _revocation_entry(document: dict[str, Any]) -> dict[str, Any] | None:
    status = document.get("credentialStatus")
    entries = status if isinstance(status, list) else [status]
    for entry in entries:
        if isinstance(entry, dict) and entry.get("statusPurpose", "revocation") == "revocation":
            return entry
    return None


def _is_revoked(document: dict[str, Any], entry: dict[str, Any]) -> bool | None:
    """Whether the issuer's status list has the credential's bit set; None if unreadable."""
    try:
        owner = credentials.key_owner_from_did(_issuer_id(document))
    except ValueError:
        return None
    issuer = issuer_for_keys(public_id=owner) if owner else None
    if issuer is None or entry.get("statusListCredential") != credentials.status_list_url(issuer):
        return None
    # The list as published (stored, kept up to date by the revoke service).
    body = status_list_body(issuer_id=issuer.pk)
    if body is None:
        kind = RevocationDocument.Kind.STATUS_LIST
        body = revocation_document_ensure(issuer=issuer, kind=kind).plain_body()
    status_list = json.loads(body)
    try:
        return statuslist.check_status(entry, status_list)
    except statuslist.StatusListError:
        return None


def _after_signature(document: dict[str, Any], *, email: str) -> Verification:
    """Expiry, then the status list, of a credential whose signature verified."""
    assertion = _assertion_of(document)
    context = {
        "assertion": assertion,
        "recipient_match": _recipient_match(document, email),
    }
    now = timezone.now()
    valid_from = parse_datetime(document["validFrom"])  # the schema required it
    if valid_from > now:
        return _result(
            Outcome.NOT_YET_VALID,
            _("Not valid until %(date)s.")
            % {"date": timezone.localtime(valid_from).date().isoformat()},
            check="expiry",
            **context,
        )
    if document.get("validUntil"):
        valid_until = parse_datetime(document["validUntil"])
        if valid_until <= now:
            return _result(
                Outcome.EXPIRED,
                _("Expired on %(date)s.")
                % {"date": timezone.localtime(valid_until).date().isoformat()},
                check="expiry",
                **context,
            )
    entry = _revocation_entry(document)
    if entry is not None:
        revoked = _is_revoked(document, entry)
        if revoked is None:
            return _result(
                Outcome.STATUS_UNKNOWN,
                _("The issuer's status list for this credential cannot be read."),
                check="status",
                **context,
            )
        if revoked:
            message = _("Revoked: the issuer's status list marks this credential revoked.")
            if assertion is not None and assertion.revoked_at is not None:
                message = _("Revoked on %(date)s: %(reason)s") % {
                    "date": timezone.localtime(assertion.revoked_at).date().isoformat(),
                    "reason": assertion.revocation_reason,
                }
            return _result(Outcome.REVOKED, message, check="status", **context)
    return _result(
        Outcome.VALID,
        _("Valid: issued by %(issuer)s; its Open Badges 3.0 signature checks out.")
        % {"issuer": _issuer_name(document)},
        **context,
    )
