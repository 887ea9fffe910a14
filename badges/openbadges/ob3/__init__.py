"""Open Badges 3.0 / CLR 2.0 Verifiable Credentials: pure functions, no ORM.

- ``documentloader``: offline JSON-LD context loader (local files only).
- ``dataintegrity``: Data Integrity proofs, ``eddsa-rdfc-2022`` cryptosuite.
- ``jwt``: VC-JWT proof format (EdDSA or RS256).
- ``keys``: Ed25519 keys, JWK export, encryption of private keys at rest.
- ``credential``: OpenBadgeCredential / EndorsementCredential / ClrCredential
  builders (and ``validate``, re-exported from ``schemas``).
- ``schemas``: validation against the local 1EdTech JSON Schemas.
- ``statuslist``: W3C Bitstring Status List (revocation).
- ``baking``: OB 3.0 baking into PNG (iTXt ``openbadgecredential``) and SVG.
"""
