"""did:web identifiers (W3C CCG did:web method): between DIDs and HTTPS URLs.

``did:web:<host>[%3A<port>][:<path segment>…]`` names the DID document at
``https://<host>[:<port>]/<path segments>/did.json``, or
``https://<host>/.well-known/did.json`` when there is no path. A port's colon is
percent-encoded; each path segment is percent-encoded on its own.

Nothing here fetches anything: Cairn only resolves its own DIDs, from its
database (see ``badges.selectors.keys``).
"""

from __future__ import annotations

from urllib.parse import quote, unquote, urlsplit

PREFIX = "did:web:"


def did_from_url(base_url: str, *path: str) -> str:
    """The did:web for `base_url` (scheme, host, optional port and path) plus `path` segments.

    ``did_from_url("https://cairn.example:8443/k12", "ob", "v3")`` is
    ``did:web:cairn.example%3A8443:k12:ob:v3``. The scheme is dropped: did:web
    always resolves over HTTPS.
    """
    parts = urlsplit(base_url)
    if not parts.hostname:
        raise ValueError(f"Not an absolute URL: {base_url!r}")
    host = parts.hostname.lower()
    if parts.port is not None:
        host += f"%3A{parts.port}"
    segments = [s for s in parts.path.split("/") if s] + [s for s in path if s]
    for segment in segments:
        if "/" in segment:
            raise ValueError(f"A path segment cannot contain '/': {segment!r}")
    return ":".join([PREFIX + host, *(quote(s, safe="") for s in segments)])


def url_from_did(did: str) -> str:
    """The HTTPS URL of the DID document a did:web names (the method's read operation)."""
    host, segments = split_did(did)
    path = "/".join(segments) if segments else ".well-known"
    return f"https://{host}/{path}/did.json"


def split_did(did: str) -> tuple[str, list[str]]:
    """(host with optional ``:port``, decoded path segments) of a did:web; ValueError if not one.

    A DID URL's fragment or query (``#key-1``) is not part of the DID: pass the
    DID alone (see :func:`split_did_url`).
    """
    if not isinstance(did, str) or not did.startswith(PREFIX):
        raise ValueError(f"Not a did:web: {did!r}")
    if any(c in did for c in "#?/"):
        raise ValueError(f"A DID has no path, query or fragment: {did!r}")
    host, *segments = did[len(PREFIX) :].split(":")
    host = unquote(host)
    if not host or any(not s for s in segments):
        raise ValueError(f"Malformed did:web: {did!r}")
    return host, [unquote(s) for s in segments]


def split_did_url(did_url: str) -> tuple[str, str]:
    """(DID, fragment) of a DID URL such as a verification method ``did:web:…#key-1``.

    ValueError when there is no fragment or the DID part is not a did:web.
    """
    if not isinstance(did_url, str):
        raise ValueError("A DID URL is a string.")
    did, sep, fragment = did_url.partition("#")
    if not sep or not fragment:
        raise ValueError(f"A verification method needs a fragment: {did_url!r}")
    split_did(did)
    return did, fragment
