"""The ORM-free Open Badges code: hashing, JSON-LD builders, baking, image checks."""

import json
from datetime import UTC, datetime, timedelta, timezone

import pytest

from badges.openbadges import ob2
from badges.openbadges.baking import BakeryError, bake, unbake
from badges.openbadges.hashing import hash_identity, identity_matches
from badges.openbadges.images import ImageRejected, check_badge_image
from tests.badges.factories import SVG_BYTES, png_bytes

OB2_CONTEXT = "https://w3id.org/openbadges/v2"


def test_hash_identity_is_salted_sha256_of_normalized_email():
    h = hash_identity("  Ana@Example.ORG ", "abc")
    assert h.startswith("sha256$")
    assert h == hash_identity("ana@example.org", "abc")
    assert h != hash_identity("ana@example.org", "abd")


def test_identity_matches_only_the_right_email():
    h = hash_identity("ana@example.org", "s1")
    assert identity_matches("ANA@example.org", "s1", h)
    assert not identity_matches("bo@example.org", "s1", h)
    assert not identity_matches("ana@example.org", "s2", h)
    assert not identity_matches("", "s1", h)
    assert not identity_matches("ana@example.org", "s1", "md5$abc")


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


@pytest.mark.parametrize("image", [png_bytes(), SVG_BYTES], ids=["png", "svg"])
def test_bake_unbake_round_trip(image):
    payload = json.dumps({"id": "https://c/a/1", "type": "Assertion", "name": "Ñandú ✓"})
    baked = bake(image, payload)
    got = unbake(baked)
    assert got is not None
    assert json.loads(got.payload) == json.loads(payload)
    # Baking again replaces, never stacks, the earlier assertion.
    rebaked = bake(baked, json.dumps({"id": "https://c/a/2"}))
    assert json.loads(unbake(rebaked).payload)["id"] == "https://c/a/2"


def test_svg_bake_sets_verify_attribute():
    got = unbake(bake(SVG_BYTES, json.dumps({"id": "https://c/a/1"})))
    assert got.verify_url == "https://c/a/1"


def test_unbake_plain_images_and_garbage():
    assert unbake(png_bytes()) is None
    assert unbake(SVG_BYTES) is None
    with pytest.raises(BakeryError):
        unbake(b"MZ\x90\x00 not an image")
    with pytest.raises(BakeryError):
        bake(b"GIF89a....", "{}")


def test_check_badge_image_accepts_png_and_sanitizes_svg():
    assert check_badge_image(png_bytes(), max_bytes=10_000).kind == "png"
    evil = (
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)" viewBox="0 0 4 4">'
        b'<script>alert(2)</script><a href="javascript:alert(3)"><rect width="4" height="4"/></a>'
        b"<foreignObject><p>x</p></foreignObject></svg>"
    )
    checked = check_badge_image(evil, max_bytes=10_000)
    assert checked.kind == "svg"
    lowered = checked.content.lower()
    for bad in (b"<script", b"onload", b"javascript:", b"foreignobject"):
        assert bad not in lowered
    assert b"<rect" in checked.content


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"MZ\x90\x00" + b"\x00" * 100, "PNG or SVG"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, "damaged"),
        (b"GIF89a" + b"\x00" * 10, "PNG or SVG"),
    ],
)
def test_check_badge_image_refuses_by_content(data, message):
    with pytest.raises(ImageRejected, match=message):
        check_badge_image(data, max_bytes=10_000)


def test_check_badge_image_refuses_oversize():
    with pytest.raises(ImageRejected, match="at most"):
        check_badge_image(png_bytes(size=256), max_bytes=100)
