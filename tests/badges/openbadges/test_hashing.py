"""Recipient identities: salted SHA-256 of the normalized e-mail address."""

from badges.openbadges.hashing import hash_identity, identity_matches


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
