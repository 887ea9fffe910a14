"""Identity providers for the single sign-on tests (rows, and identities they report)."""

from __future__ import annotations

import itertools

from accounts.models import IdentityProvider
from accounts.sso.identity import SsoIdentity

_n = itertools.count(1)


def make_idp(district, *, kind: str = IdentityProvider.Kind.GOOGLE, secret: str = "s3cret", **kw):  # noqa: S107
    n = next(_n)
    idp = IdentityProvider(
        district=district,
        kind=kind,
        slug=kw.pop("slug", f"idp-{n}"),
        name=kw.pop("name", f"{district.name} Google"),
        client_id=kw.pop("client_id", f"client-{n}"),
        **kw,
    )
    if secret:
        idp.seal_secret(secret)
    idp.save()
    return idp


def identity(**kw) -> SsoIdentity:
    kw.setdefault("uid", f"uid-{next(_n)}")
    # From the row's own issuer unless a test says otherwise.
    kw.setdefault("trusted_issuer", True)
    return SsoIdentity(**kw)
