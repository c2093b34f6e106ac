"""The keyed audit chain: appending to it and verifying it end to end."""

from __future__ import annotations

import sys

from harness import Run
from ujuzi.core import audit
from ujuzi.core.models import AuditEntry


def audit_append(size: int) -> Run:
    """``size`` calls of ``audit_append``, each its own transaction (as outside a write)."""
    before = AuditEntry.objects.count()

    def timed() -> int:
        for _ in range(size):
            audit.audit_append(action="bench")
        return size

    def check(count: int) -> None:
        if AuditEntry.objects.count() - before != count:
            raise AssertionError("not every audit_append added an entry")

    return Run(timed, check)


def audit_verify(size: int) -> Run:
    """``verify_chain()`` over the chain the earlier benchmarks left.

    Run on its own (``--only audit_verify``) it first appends ``size`` entries, untimed, so
    that there is a chain to walk.
    """
    if not AuditEntry.objects.exists():
        print(f"[bench] audit_verify: seeding {size} audit entries", file=sys.stderr)
        for _ in range(size):
            audit.audit_append(action="bench.seed")
    outcome: list[audit.Verification] = []

    def timed() -> int:
        result = audit.verify_chain()
        outcome.append(result)
        return result.count

    def check(count: int) -> None:
        result = outcome[0]
        if not result.is_valid:
            raise AssertionError(f"the audit chain does not verify: {result.problems[:3]}")
        if count != AuditEntry.objects.count():
            raise AssertionError("verify_chain walked fewer entries than the chain holds")

    return Run(timed, check)
