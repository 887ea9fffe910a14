"""W3C Bitstring Status List: encoding, lookups and the status list credential."""

import base64
import gzip

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from badges.openbadges.ob3 import dataintegrity as di
from badges.openbadges.ob3 import statuslist as sl

from . import samples


def _bitstring(encoded):
    body = encoded[1:]
    return gzip.decompress(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))


def test_encoding_is_multibase_base64url_gzip_of_at_least_16_kib():
    encoded = sl.encode({3, 94567})
    assert encoded.startswith("u")
    assert "=" not in encoded
    assert "+" not in encoded
    assert "/" not in encoded
    bits = _bitstring(encoded)
    assert len(bits) == 16 * 1024
    assert sl.size_of(encoded) == sl.MIN_BITS == 131_072


def test_index_zero_is_the_left_most_bit():
    bits = _bitstring(sl.encode({0, 9}))
    assert bits[0] == 0b1000_0000
    assert bits[1] == 0b0100_0000


def test_round_trip():
    revoked = {0, 1, 7, 8, 1000, 94567, 131_071}
    encoded = sl.encode(revoked)
    assert sl.decode(encoded) == revoked
    assert sl.decode(sl.encode(set())) == set()


def test_is_set():
    encoded = sl.encode({42, 131_071})
    assert sl.is_set(encoded, 42)
    assert sl.is_set(encoded, "42")
    assert not sl.is_set(encoded, 41)
    assert not sl.is_set(encoded, 43)
    assert sl.is_set(encoded, 131_071)


def test_large_lists_and_large_indexes():
    encoded = sl.encode({999_999, 5}, size=1_000_000)
    assert sl.size_of(encoded) == 1_000_000
    assert sl.is_set(encoded, 999_999)
    assert not sl.is_set(encoded, 999_998)
    assert sl.decode(encoded) == {5, 999_999}


def test_index_outside_the_list_is_an_error_not_a_pass():
    encoded = sl.encode({1})
    with pytest.raises(sl.StatusListError, match="outside"):
        sl.is_set(encoded, 131_072)
    with pytest.raises(sl.StatusListError):
        sl.is_set(encoded, -1)
    with pytest.raises(sl.StatusListError, match="does not fit"):
        sl.encode({131_072})
    with pytest.raises(sl.StatusListError):
        sl.encode({-3})


def test_encoding_is_reproducible():
    assert sl.encode({1, 2, 3}) == sl.encode([3, 2, 1])


def test_legacy_unprefixed_status_list_2021_lists_decode():
    legacy = sl.encode({77})[1:]
    assert legacy.startswith("H4sI")
    assert sl.is_set(legacy, 77)


@pytest.mark.parametrize(
    "encoded",
    [
        "",
        "u!!!",
        "u" + base64.urlsafe_b64encode(b"not gzip").decode().rstrip("="),
        "u" + base64.urlsafe_b64encode(gzip.compress(bytes(40_000))[:-12]).decode().rstrip("="),
    ],
    ids=["empty", "not-base64", "not-gzip", "truncated"],
)
def test_unreadable_lists(encoded):
    with pytest.raises(sl.StatusListError):
        sl.is_set(encoded, 0)


def test_decompression_bombs_are_refused():
    bomb = gzip.compress(bytes(sl.MAX_BYTES + 1024))
    encoded = "u" + base64.urlsafe_b64encode(bomb).decode().rstrip("=")
    with pytest.raises(sl.StatusListError, match="too large"):
        sl.decode_bitstring(encoded)


def test_status_list_entry():
    assert sl.status_list_entry(status_list_credential=samples.STATUS_LIST_URL, index=7) == {
        "id": f"{samples.STATUS_LIST_URL}#7",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": "7",
        "statusListCredential": samples.STATUS_LIST_URL,
    }


def test_status_list_credential_signs_verifies_and_answers_status():
    key = Ed25519PrivateKey.generate()
    document = sl.build_status_list_credential(
        credential_id=samples.STATUS_LIST_URL,
        issuer=samples.ISSUER_ID,
        encoded_list=sl.encode({94567}),
        valid_from=samples.VALID_FROM,
    )
    assert document["@context"] == ["https://www.w3.org/ns/credentials/v2"]
    assert document["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert document["credentialSubject"]["type"] == "BitstringStatusList"
    assert document["credentialSubject"]["statusPurpose"] == "revocation"

    signed = di.sign(
        document,
        private_key=key,
        verification_method=samples.VERIFICATION_METHOD,
        created=samples.VALID_FROM,
    )
    assert di.verify(signed, resolve_key=lambda method: key.public_key()).ok

    revoked = samples.achievement_credential()["credentialStatus"]
    assert revoked["statusListIndex"] == "94567"
    assert sl.check_status(revoked, signed) is True
    active = sl.status_list_entry(status_list_credential=samples.STATUS_LIST_URL, index=12)
    assert sl.check_status(active, signed) is False


def test_check_status_refuses_a_list_that_is_not_the_named_one():
    document = sl.build_status_list_credential(
        credential_id="https://cairn.example/ob/v3/status/other/9",
        issuer=samples.ISSUER_ID,
        encoded_list=sl.encode(()),
        valid_from=samples.VALID_FROM,
    )
    entry = sl.status_list_entry(status_list_credential=samples.STATUS_LIST_URL, index=1)
    with pytest.raises(sl.StatusListError, match="not the one"):
        sl.check_status(entry, document)
    suspension = {**document, "id": samples.STATUS_LIST_URL}
    suspension["credentialSubject"] = {
        **document["credentialSubject"],
        "statusPurpose": "suspension",
    }
    with pytest.raises(sl.StatusListError, match="statusPurpose"):
        sl.check_status(entry, suspension)


def test_building_refuses_an_unreadable_list():
    with pytest.raises(sl.StatusListError):
        sl.build_status_list_credential(
            credential_id=samples.STATUS_LIST_URL,
            issuer=samples.ISSUER_ID,
            encoded_list="uAAAA",
            valid_from=samples.VALID_FROM,
        )
