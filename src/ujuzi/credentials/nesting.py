"""How deeply a parsed JSON document nests: checked before a document reaches anything else.

The trust list (DID documents) and the verifier (certificates) refuse a document nested
deeper than their own limit, so that nothing odd reaches the JSON-LD processor or the
database; both measure it here, without recursion, so a hostile document cannot exhaust
the stack.
"""

from __future__ import annotations

from typing import Any


def nested_deeper_than(value: Any, limit: int) -> bool:
    """True when dicts and lists nest more than ``limit`` levels (a scalar is one level)."""
    stack = [(value, 1)]
    while stack:
        item, level = stack.pop()
        if level > limit:
            return True
        if isinstance(item, dict):
            stack.extend((child, level + 1) for child in item.values())
        elif isinstance(item, list):
            stack.extend((child, level + 1) for child in item)
    return False
