"""The IdP's signing certificate as an admin pastes it: PEM with or without its armour."""

from __future__ import annotations

import base64
import binascii
import datetime

from cryptography import x509
from django.core.exceptions import ValidationError


def cert_body(text: str) -> str:
    """The base64 body of a certificate (what SAML metadata and python3-saml carry)."""
    lines = [line.strip() for line in (text or "").strip().splitlines()]
    return "".join(line for line in lines if line and not line.startswith("-----"))


def load_cert(text: str) -> x509.Certificate:
    body = cert_body(text)
    if not body:
        raise ValidationError("The IdP's signing certificate is missing.", code="cert_missing")
    try:
        der = base64.b64decode(body, validate=True)
        return x509.load_der_x509_certificate(der)
    except (binascii.Error, ValueError) as exc:
        raise ValidationError(
            "The IdP's signing certificate is not a PEM certificate (it should start with "
            "-----BEGIN CERTIFICATE-----).",
            code="cert_not_pem",
        ) from exc


def check_cert(text: str, *, now: datetime.datetime | None = None) -> x509.Certificate:
    """The certificate, if it can be read and is valid today; else ValidationError."""
    cert = load_cert(text)
    now = now or datetime.datetime.now(tz=datetime.UTC)
    if cert.not_valid_after_utc < now:
        raise ValidationError(
            "The IdP's signing certificate expired on %(date)s; ask for the current one "
            "(or its current metadata).",
            code="cert_expired",
            params={"date": cert.not_valid_after_utc.date().isoformat()},
        )
    if cert.not_valid_before_utc > now:
        raise ValidationError(
            "The IdP's signing certificate is not valid until %(date)s.",
            code="cert_not_yet_valid",
            params={"date": cert.not_valid_before_utc.date().isoformat()},
        )
    return cert


def current_cert(bodies: list[str]) -> str:
    """The first of several signing certificates valid today (else the first)."""
    for body in bodies:
        try:
            check_cert(body)
        except ValidationError:
            continue
        return body
    return bodies[0] if bodies else ""
