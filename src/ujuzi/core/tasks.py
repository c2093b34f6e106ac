"""Background tasks of the kernel. Tasks take ids, are idempotent and call a service."""

from __future__ import annotations

from django_tasks import task

from ujuzi.core.audit import checkpoint_write


@task()
def audit_checkpoint() -> int | None:
    """Sign the audit chain's head so that cutting off the newest entries shows."""
    checkpoint = checkpoint_write()
    return checkpoint.count if checkpoint else None
