"""did:web identifiers: between DIDs and HTTPS URLs."""

import pytest

from badges.openbadges.ob3 import didweb


def test_did_web_paths():
    assert didweb.did_from_url("https://cairn.example") == "did:web:cairn.example"
    assert didweb.url_from_did("did:web:cairn.example") == (
        "https://cairn.example/.well-known/did.json"
    )
    did = didweb.did_from_url("https://Cairn.example:8443/k12/", "ob", "v3")
    assert did == "did:web:cairn.example%3A8443:k12:ob:v3"
    assert didweb.url_from_did(did) == "https://cairn.example:8443/k12/ob/v3/did.json"
    assert didweb.split_did_url(f"{did}#key-1") == (did, "key-1")
    for bad in ("did:key:z6Mk", "did:web:", "did:web:a::b", "https://x"):
        with pytest.raises(ValueError):  # noqa: PT011
            didweb.split_did(bad)
