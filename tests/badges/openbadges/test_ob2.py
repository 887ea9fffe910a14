"""Open Badges 2.0 JSON-LD builders (no database)."""

import json
from datetime import UTC, datetime, timedelta, timezone

import pytest

from badges.openbadges import ob2
from badges.openbadges.hashing import hash_identity

OB2_CONTEXT = "https://w3id.org/openbadges/v2"


def _assertion(**kw):
    base = {
        "id": "https://cairn.example/ob/v2/assertions/1",
        "badge": "https://cairn.example/ob/v2/badges/2",
        "salt": "s",
        "identity_hash": hash_identity("a@b.org", "s"),
        "issued_on": datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC),
    }
    base.update(kw)
    return ob2.AssertionData(**base)


def test_assertion_json_has_every_required_ob2_property():
    doc = ob2.assertion_json(
        _assertion(
            evidence=(ob2.EvidenceItem(url="https://e.org/1", narrative="did it"),),
            expires=datetime(2027, 1, 1, tzinfo=UTC),
        )
    )
    assert doc["@context"] == OB2_CONTEXT
    assert doc["type"] == "Assertion"
    for key in ("id", "recipient", "badge", "verification", "issuedOn"):
        assert doc[key]
    assert doc["recipient"] == {
        "type": "email",
        "hashed": True,
        "salt": "s",
        "identity": hash_identity("a@b.org", "s"),
    }
    assert doc["verification"] == {"type": "HostedBadge"}
    assert doc["issuedOn"] == "2026-01-02T03:04:05+00:00"
    assert doc["expires"] == "2027-01-01T00:00:00+00:00"
    assert doc["evidence"] == [{"type": "Evidence", "id": "https://e.org/1", "narrative": "did it"}]


def test_dates_must_carry_a_timezone():
    with pytest.raises(ValueError, match="timezone"):
        ob2.assertion_json(_assertion(issued_on=datetime(2026, 1, 1)))
    other = datetime(2026, 1, 1, 8, tzinfo=timezone(timedelta(hours=-7)))
    assert ob2.iso(other) == "2026-01-01T08:00:00-07:00"


def test_badge_class_and_issuer_json():
    bc = ob2.badge_class_json(
        id="https://c/b/1",
        name="N",
        description="D",
        image="https://c/b/1/image",
        criteria_narrative="Do X",
        issuer="https://c/i/1",
        alignments=[ob2.Alignment(target_name="ET.1", target_url="https://c/c/1")],
        tags=["a"],
    )
    assert bc["type"] == "BadgeClass"
    for key in ("id", "name", "description", "image", "criteria", "issuer"):
        assert bc[key]
    assert bc["criteria"] == {"narrative": "Do X"}
    assert bc["alignment"] == [{"targetName": "ET.1", "targetUrl": "https://c/c/1"}]
    issuer = ob2.issuer_json(
        id="https://c/i/1",
        name="I",
        url="https://i.org",
        email="i@i.org",
        revocation_list="https://c/r",
    )
    assert issuer["type"] == "Issuer"
    assert issuer["revocationList"] == "https://c/r"


def test_revoked_and_revocation_list_json():
    revoked = ob2.revoked_assertion_json(id="https://c/a/1", reason="Error")
    assert revoked == {
        "@context": OB2_CONTEXT,
        "type": "Assertion",
        "id": "https://c/a/1",
        "revoked": True,
        "revocationReason": "Error",
    }
    rl = ob2.revocation_list_json(
        id="https://c/r", issuer="https://c/i", revoked=[("https://c/a/1", "x")]
    )
    assert rl["type"] == "RevocationList"
    assert rl["revokedAssertions"] == [{"id": "https://c/a/1", "revocationReason": "x"}]


def test_differing_properties_names_what_changed():
    hosted = ob2.assertion_json(_assertion())
    baked = json.loads(json.dumps(hosted))
    assert ob2.differing_properties(baked, hosted) == []
    baked["recipient"]["identity"] = "sha256$00"
    baked["issuedOn"] = "2020-01-01T00:00:00+00:00"
    assert ob2.differing_properties(baked, hosted) == ["recipient", "issuedOn"]
