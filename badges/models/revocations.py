"""Each issuer's revocation documents, stored: the Open Badges 2.0 RevocationList and
the 3.0 BitstringStatusListCredential, rewritten by the revoke service in the same
transaction as the revocation (`badges.services.revocation_documents`)."""

import gzip

from django.db import models
from django.utils.translation import gettext_lazy as _

from .issuers import Issuer


class RevocationDocument(models.Model):
    """An issuer's published revocation document, exactly as served.

    `version` grows by one at every rewrite; `etag` is the strong validator sent with it.
    For the status list, `bits` holds the uncompressed bitstring (a set bit: revoked) so
    that a revocation flips one bit and re-signs, without reading any assertion.
    """

    class Kind(models.TextChoices):
        OB2 = "ob2", _("Open Badges 2.0 RevocationList")
        STATUS_LIST = "statuslist", _("Open Badges 3.0 Bitstring Status List")

    issuer = models.ForeignKey(
        Issuer, on_delete=models.CASCADE, related_name="revocation_documents"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    body = models.BinaryField(editable=False)
    content_type = models.CharField(max_length=40, editable=False)
    etag = models.CharField(max_length=80, editable=False)
    version = models.PositiveBigIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(editable=False)
    bits = models.BinaryField(default=b"", blank=True, editable=False)
    revoked_count = models.PositiveIntegerField(default=0, editable=False)
    # The 2.0 list is stored gzip-compressed (about a fifth of its size: 350,000 revoked
    # assertions are 43 MB of JSON): sent as it is with `Content-Encoding: gzip`.
    gzipped = models.BooleanField(default=False, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "kind"], name="revocationdocument_one_per_issuer_and_kind"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.issuer_id}/{self.kind} v{self.version}"

    def plain_body(self) -> bytes:
        """The document as JSON bytes, uncompressed."""
        body = bytes(self.body)
        return gzip.decompress(body) if self.gzipped else body
