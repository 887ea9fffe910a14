"""Issuer keys: serialization, JWK, and encryption of private keys at rest."""

import base64

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from jwcrypto import jwk as jc_jwk

from badges.openbadges.ob3 import keys

SECRET = b"server-secret-from-settings-0123456789"


def _raw_forms(key):
    raw = keys.private_key_to_raw(key)
    return [
        raw,
        raw.hex().encode(),
        raw.hex().upper().encode(),
        base64.b64encode(raw).rstrip(b"="),
        base64.urlsafe_b64encode(raw).rstrip(b"="),
        keys.private_key_to_pem(key).split(b"\n")[1],  # PEM body line
    ]


def test_encrypt_decrypt_round_trip():
    key = keys.generate_private_key()
    token = keys.encrypt_private_key(key, secret=SECRET)
    assert token.startswith("v1$")
    assert keys.encryption_version(token) == "v1"
    restored = keys.decrypt_private_key(token, secret=SECRET)
    assert keys.private_key_to_raw(restored) == keys.private_key_to_raw(key)
    key.public_key().verify(restored.sign(b"message"), b"message")


def test_stored_string_never_contains_the_raw_key():
    key = keys.generate_private_key()
    token = keys.encrypt_private_key(key, secret=SECRET).encode()
    for form in _raw_forms(key):
        assert form not in token
    stored = base64.urlsafe_b64decode(token[3:] + b"=" * (-len(token[3:]) % 4))
    assert keys.private_key_to_raw(key) not in stored


def test_each_encryption_is_different():
    key = keys.generate_private_key()
    assert keys.encrypt_private_key(key, secret=SECRET) != keys.encrypt_private_key(
        key, secret=SECRET
    )


def test_wrong_secret_fails():
    token = keys.encrypt_private_key(keys.generate_private_key(), secret=SECRET)
    with pytest.raises(keys.KeyDecryptionError, match="Wrong secret"):
        keys.decrypt_private_key(token, secret=b"another-secret-of-enough-length")


def test_associated_data_binds_the_ciphertext_to_its_row():
    key = keys.generate_private_key()
    token = keys.encrypt_private_key(key, secret=SECRET, associated_data=b"issuer-1#key-1")
    assert keys.decrypt_private_key(token, secret=SECRET, associated_data=b"issuer-1#key-1")
    with pytest.raises(keys.KeyDecryptionError):
        keys.decrypt_private_key(token, secret=SECRET, associated_data=b"issuer-2#key-1")


@pytest.mark.parametrize(
    "mangle",
    [
        lambda t: t[:-4] + ("AAAA" if not t.endswith("AAAA") else "BBBB"),  # altered
        lambda t: t[:20],  # truncated
        lambda t: "v9" + t[2:],  # unknown scheme
        lambda t: t.replace("$", ":"),  # no version prefix
        lambda t: "v1$***",  # not base64url
    ],
)
def test_damaged_tokens_fail(mangle):
    token = keys.encrypt_private_key(keys.generate_private_key(), secret=SECRET)
    with pytest.raises(keys.KeyDecryptionError):
        keys.decrypt_private_key(mangle(token), secret=SECRET)


def test_reencrypt_under_a_new_secret():
    key = keys.generate_private_key()
    new_secret = b"rotated-server-secret-9876543210"
    old = keys.encrypt_private_key(key, secret=SECRET)
    new = keys.reencrypt_private_key(old, old_secret=SECRET, new_secret=new_secret)
    assert keys.private_key_to_raw(keys.decrypt_private_key(new, secret=new_secret)) == (
        keys.private_key_to_raw(key)
    )
    with pytest.raises(keys.KeyDecryptionError):
        keys.decrypt_private_key(new, secret=SECRET)


def test_short_secrets_are_refused():
    with pytest.raises(ValueError, match="at least 16 bytes"):
        keys.encrypt_private_key(keys.generate_private_key(), secret=b"short")


def test_rsa_keys_can_be_stored_too():
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    restored = keys.decrypt_private_key(keys.encrypt_private_key(key, secret=SECRET), secret=SECRET)
    assert restored.private_numbers() == key.private_numbers()


def test_pem_and_raw_round_trips():
    key = keys.generate_private_key()
    public = key.public_key()
    assert keys.private_key_to_raw(
        keys.private_key_from_pem(keys.private_key_to_pem(key))
    ) == keys.private_key_to_raw(key)
    assert keys.public_key_to_raw(keys.public_key_from_pem(keys.public_key_to_pem(public))) == (
        keys.public_key_to_raw(public)
    )
    assert keys.private_key_to_raw(keys.private_key_from_raw(keys.private_key_to_raw(key))) == (
        keys.private_key_to_raw(key)
    )
    assert keys.public_key_to_raw(keys.public_key_from_raw(keys.public_key_to_raw(public))) == (
        keys.public_key_to_raw(public)
    )


def test_sixty_four_byte_secret_keys_are_checked():
    key = keys.generate_private_key()
    full = keys.private_key_to_raw(key) + keys.public_key_to_raw(key.public_key())
    assert keys.private_key_to_raw(keys.private_key_from_raw(full)) == full[:32]
    with pytest.raises(ValueError, match="does not match"):
        keys.private_key_from_raw(full[:32] + bytes(32))
    with pytest.raises(ValueError, match="32 bytes"):
        keys.private_key_from_raw(bytes(31))


def test_public_jwk_shape_and_round_trip():
    key = keys.generate_private_key()
    jwk = keys.public_jwk(key.public_key(), kid="https://cairn.example/issuers/1#key-1")
    assert set(jwk) == {"kty", "crv", "x", "kid"}
    assert jwk["kty"] == "OKP"
    assert jwk["crv"] == "Ed25519"
    assert "=" not in jwk["x"]
    restored = keys.public_key_from_jwk(jwk)
    assert isinstance(restored, Ed25519PublicKey)
    assert keys.public_key_to_raw(restored) == keys.public_key_to_raw(key.public_key())
    # the independent library reads it as the same public key, with no private part
    imported = jc_jwk.JWK(**jwk)
    assert not imported.has_private
    assert imported.export_public(as_dict=True)["x"] == jwk["x"]


def test_rsa_jwk_round_trip():
    public = rsa.generate_private_key(public_exponent=65537, key_size=2048).public_key()
    jwk = keys.public_jwk(public, kid="k")
    assert jwk["kty"] == "RSA"
    assert jwk["e"] == "AQAB"
    assert keys.public_key_from_jwk(jwk).public_numbers() == public.public_numbers()


def test_jwk_export_refuses_private_keys_and_import_refuses_private_jwks():
    key = keys.generate_private_key()
    with pytest.raises(TypeError):
        keys.public_jwk(key)
    private_jwk = jc_jwk.JWK.from_pem(keys.private_key_to_pem(key)).export_private(as_dict=True)
    with pytest.raises(ValueError, match="private"):
        keys.public_key_from_jwk(private_jwk)
    with pytest.raises(ValueError, match="supported"):
        keys.public_key_from_jwk({"kty": "EC", "crv": "P-256", "x": "a", "y": "b"})


def test_jwks_lists_every_key():
    first, second = keys.generate_private_key(), keys.generate_private_key()
    published = keys.jwks({"#key-1": first.public_key(), "#key-2": second.public_key()})
    assert [k["kid"] for k in published["keys"]] == ["#key-1", "#key-2"]
    assert all("d" not in k for k in published["keys"])
