import io
import struct
import zlib

import factory
from django.core.files.base import ContentFile
from PIL import Image

from badges.models import Assertion, BadgeClass, Issuer
from badges.openbadges.hashing import hash_identity
from tests.accounts.factories import DistrictFactory, UserFactory


def png_bytes(color: str = "#1f5c99", size: int = 64) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (size, size), color).save(buf, format="PNG")
    return buf.getvalue()


def pixel_bomb_png(width: int = 50_000, height: int = 50_000) -> bytes:
    """A tiny file whose header claims a huge image (a decompression bomb): a few
    hundred bytes of zeros that would decode to gigabytes."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body))
            + kind
            + body
            + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    rows = zlib.compress(b"\x00" * (width + 1) * 4)  # the first rows only
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")
    )


SVG_BYTES = (
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" width="64" height="64">'
    b'<circle cx="32" cy="32" r="30" fill="#1f5c99"/></svg>'
)


class IssuerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Issuer

    organization = factory.SubFactory(DistrictFactory)
    name = factory.LazyAttribute(lambda o: f"{o.organization.name} Credentials")
    url = "https://district.example.org"
    email = "credentials@district.example.org"


class BadgeClassFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BadgeClass

    issuer = factory.SubFactory(IssuerFactory)
    slug = factory.Sequence(lambda n: f"badge-{n}")
    name = factory.Sequence(lambda n: f"Badge {n}")
    description = "Shows a skill."
    criteria_narrative = "Submit evidence of the skill, scored competent on the rubric."
    audience = BadgeClass.Audience.EDUCATOR
    status = BadgeClass.Status.ACTIVE
    image_type = "png"
    image = factory.LazyFunction(lambda: ContentFile(png_bytes(), name="image.png"))


class AssertionFactory(factory.django.DjangoModelFactory):
    """Builds rows directly; tests of awarding go through `assertion_award`."""

    class Meta:
        model = Assertion

    badge_class = factory.SubFactory(BadgeClassFactory)
    recipient = factory.SubFactory(UserFactory)
    recipient_email = factory.LazyAttribute(lambda o: o.recipient.email)
    recipient_hash = factory.LazyAttribute(lambda o: hash_identity(o.recipient_email, o.salt))
    salt = factory.Faker("hexify", text="^" * 32)
