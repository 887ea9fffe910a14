"""One verifier for Open Badges: hosted and baked 2.0 assertions (`ob2`) and 3.0
credentials as JSON, VC-JWT or baked images (`ob3`)."""

from .ob2 import (
    Outcome,
    Verification,
    public_id_from_url,
    verify_credential,
    verify_given,
    verify_image,
    verify_url,
)

__all__ = [
    "Outcome",
    "Verification",
    "public_id_from_url",
    "verify_credential",
    "verify_given",
    "verify_image",
    "verify_url",
]
