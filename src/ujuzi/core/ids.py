"""UUIDv7 keys: unique across offline sites, and time-ordered so that indexes stay compact."""

from __future__ import annotations

import uuid

import uuid_utils


def uuid7() -> uuid.UUID:
    """A new UUIDv7 as the standard library type Django's UUIDField expects."""
    return uuid.UUID(bytes=uuid_utils.uuid7().bytes)
