"""Where uploaded files are stored: unguessable paths under the object's public id."""

from __future__ import annotations

import secrets

from django.db import models


def unguessable_path(prefix: str, instance: models.Model, filename: str, *, ext: str = "") -> str:
    """`<prefix>/<public id>/<random>.<ext>`: the name an uploader chose is never used
    (it is kept apart, when needed, as the download name). `ext` is the checked file
    type's extension; without it, the upload's own (or `bin`)."""
    if not ext:
        ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"{prefix}/{instance.public_id}/{secrets.token_hex(8)}.{ext}"
