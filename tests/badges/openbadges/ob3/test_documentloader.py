"""The JSON-LD document loader serves local files only."""

import pytest
from pyld import jsonld

from badges.openbadges.ob3 import documentloader as dl


@pytest.mark.parametrize("url", sorted(dl.KNOWN_URLS))
def test_every_known_context_is_served_from_a_local_copy(url):
    remote = dl.load_document(url)
    assert remote["documentUrl"] == url
    assert isinstance(remote["document"]["@context"], dict | list)


def test_the_urls_of_the_standards_readme_are_all_known():
    readme = (dl.STANDARDS_DIR / "README.md").read_text(encoding="utf-8")
    for url, path in dl.CONTEXT_FILES.items():
        assert f"| {url} | {path} |" in readme


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.example/context.json",
        "http://www.w3.org/ns/credentials/v2",  # not the same URL
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json",
        "file:///etc/passwd",
    ],
)
def test_any_other_url_is_refused(url):
    with pytest.raises(dl.UnknownDocumentError, match="only locally kept"):
        dl.load_document(url)


def test_unknown_context_fails_jsonld_processing_without_network():
    doc = {"@context": "https://evil.example/ctx.jsonld", "name": "x"}
    with pytest.raises(jsonld.JsonLdError):
        jsonld.expand(doc, dl.jsonld_options())


def test_loaded_documents_are_copies_of_the_cache():
    first = dl.load_document(dl.OB_V3P0_CONTEXT)["document"]
    first["@context"]["id"] = "tampered"
    assert dl.load_document(dl.OB_V3P0_CONTEXT)["document"]["@context"]["id"] == "@id"


def test_parsed_files_are_cached(monkeypatch):
    dl.load_document(dl.VC_V2_CONTEXT)
    monkeypatch.setattr(dl, "STANDARDS_DIR", dl.STANDARDS_DIR / "missing")
    assert dl.load_document(dl.VC_V2_CONTEXT)["document"]
