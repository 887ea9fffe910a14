"""Plain-data samples shared by the OB 3.0 tests (no database, no fixtures files)."""

from __future__ import annotations

import struct
import zlib
from datetime import UTC, date, datetime
from decimal import Decimal

from badges.openbadges.ob3 import credential as cred
from badges.openbadges.ob3 import statuslist

ISSUER_ID = "https://cairn.example/ob/v3/issuers/4f1c0d52-lakeside"
VERIFICATION_METHOD = f"{ISSUER_ID}#key-1"
VALID_FROM = datetime(2026, 1, 15, 9, 30, tzinfo=UTC)
STATUS_LIST_URL = "https://cairn.example/ob/v3/status/lakeside/1"

ISSUER = cred.Profile(
    id=ISSUER_ID,
    name="Lakeside Unified School District",
    url="https://lakeside.example",
    email="badges@lakeside.example",
    image="https://cairn.example/media/issuers/lakeside.png",
)

WELDING = cred.Achievement(
    id="https://cairn.example/ob/v3/achievements/welding-safety",
    name="Welding Safety",
    description="Demonstrates safe set-up and operation of MIG welding equipment.",
    criteria_narrative="Pass the **shop safety** practical and the written test (80%+).",
    criteria_url="https://cairn.example/badges/welding-safety/criteria",
    image="https://cairn.example/media/badges/welding-safety.png",
    achievement_type="Badge",
    alignments=(
        cred.Alignment(
            target_name="OSHA 10 General Industry",
            target_url="https://www.osha.gov/training/outreach/general-industry",
            target_framework="OSHA Outreach",
            target_code="OSHA-10-GI",
        ),
    ),
    credit_equivalencies=(
        cred.CreditEquivalency(
            id="https://cairn.example/ob/v3/agreements/8d0e-weld-101",
            institution="Lakeside Community College",
            course_code="WLD 101",
            course_name="Introduction to Welding",
            credits=Decimal("3"),
            course_url="https://lakeside-cc.example/catalog/wld-101",
            effective_from=date(2025, 8, 1),
            approved_by="Dr. Rosa Diaz, Dean of CTE",
        ),
    ),
    tags=("CTE", "welding"),
)


def achievement_credential(**overrides):
    kwargs = {
        "credential_id": "https://cairn.example/ob/v3/credentials/1b6f3a2e-0f5c-4d8e",
        "issuer": ISSUER,
        "achievement": WELDING,
        "recipient": cred.Recipient(email="Ana.Student@lakeside.example", salt="c2FsdA"),
        "valid_from": VALID_FROM,
        "awarded_date": VALID_FROM,
        "evidence": (
            cred.Evidence(
                id="https://cairn.example/evidence/77/welding-practical",
                name="Shop practical",
                narrative="Observed by Mr. Okafor on 2026-01-12.",
            ),
        ),
        "credential_status": statuslist.status_list_entry(
            status_list_credential=STATUS_LIST_URL, index=94567
        ),
    }
    kwargs.update(overrides)
    return cred.build_achievement_credential(**kwargs)


def png_image(width: int = 2, height: int = 2) -> bytes:
    """A valid RGBA PNG, written by hand (no image library needed)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    rows = b"".join(b"\x00" + b"\x20\x60\xa0\xff" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


SVG_IMAGE = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">'
    b'<circle cx="32" cy="32" r="30" fill="#2a6"/></svg>'
)
