"""Throwaway RSA keys and self-signed certificates for the test IdP, made at test time."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID


@dataclass(frozen=True)
class KeyPair:
    key_pem: str
    cert_pem: str

    @property
    def cert_body(self) -> str:
        """The certificate as IdP metadata and SAML settings carry it (base64, no armour)."""
        lines = self.cert_pem.strip().splitlines()
        return "".join(line for line in lines if not line.startswith("-----"))

    def write(self, directory: Path, name: str) -> tuple[Path, Path]:
        key_path, cert_path = directory / f"{name}.key", directory / f"{name}.crt"
        key_path.write_text(self.key_pem)
        cert_path.write_text(self.cert_pem)
        return key_path, cert_path


def make_key_pair(
    common_name: str = "Test IdP", *, not_before_days: int = -1, not_after_days: int = 365
) -> KeyPair:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = datetime.datetime.now(tz=datetime.UTC)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now + datetime.timedelta(days=not_before_days))
        .not_valid_after(now + datetime.timedelta(days=not_after_days))
        .sign(key, hashes.SHA256())
    )
    return KeyPair(
        key_pem=key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ).decode("ascii"),
        cert_pem=cert.public_bytes(serialization.Encoding.PEM).decode("ascii"),
    )
