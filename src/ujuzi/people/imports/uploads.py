"""Uploaded import files between the check and the import: sealed on disk, owner-bound.

An HR export is personal data, so the file is kept only from the dry run until the import
finishes, encrypted with the installation's keyring and bound to the login that uploaded
it (another login cannot open it), then deleted. Uploads nobody went on to import are
removed after a day, whenever someone uploads again.
"""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings

from ujuzi.core.crypto import DecryptionError, keyring

KEEP_SECONDS = 24 * 60 * 60


@dataclass(frozen=True)
class Upload:
    """A stored upload and what the import should do with it."""

    id: uuid.UUID
    data: bytes
    options: dict[str, Any]


def _folder() -> Path:
    folder = Path(settings.UJUZI.data_dir) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _context(upload_id: uuid.UUID, owner_id: Any) -> bytes:
    return f"people-import|{upload_id}|{owner_id}".encode()


def upload_store(data: bytes, *, owner_id: Any, options: dict[str, Any]) -> uuid.UUID:
    """Keep an upload (sealed) and its import options; return its id."""
    uploads_expire()
    upload_id = uuid.uuid4()
    payload = json.dumps(options).encode() + b"\n" + data
    (_folder() / f"{upload_id}.sealed").write_bytes(
        keyring().seal(payload, _context(upload_id, owner_id))
    )
    return upload_id


def upload_open(upload_id: uuid.UUID, *, owner_id: Any) -> Upload | None:
    """The upload, for its owner only; None when it is gone or belongs to someone else."""
    path = _folder() / f"{upload_id}.sealed"
    if not path.is_file():
        return None
    try:
        payload = keyring().open(path.read_bytes(), _context(upload_id, owner_id))
    except DecryptionError:
        return None
    options, _, data = payload.partition(b"\n")
    return Upload(upload_id, data, json.loads(options))


def upload_delete(upload_id: uuid.UUID) -> None:
    """Forget an upload."""
    (_folder() / f"{upload_id}.sealed").unlink(missing_ok=True)


def uploads_expire(now: float | None = None) -> int:
    """Delete uploads older than a day; return how many."""
    cutoff = (now if now is not None else time.time()) - KEEP_SECONDS
    expired = [path for path in _folder().glob("*.sealed") if path.stat().st_mtime < cutoff]
    for path in expired:
        path.unlink(missing_ok=True)
    return len(expired)
