"""The nesting limit the trust list and the verifier share, at its edges."""

from __future__ import annotations

from typing import Any

from ujuzi.credentials.nesting import nested_deeper_than


def nested(levels: int) -> Any:
    """A value ``levels`` deep: lists and dicts around a scalar (which is one level)."""
    value: Any = "x"
    for level in range(levels - 1):
        value = [value] if level % 2 else {"k": value}
    return value


def test_a_document_exactly_at_the_limit_passes_and_one_level_more_does_not():
    assert [nested_deeper_than(nested(n), 12) for n in (1, 11, 12, 13, 40)] == [
        False,
        False,
        False,
        True,
        True,
    ]
    assert not nested_deeper_than({}, 1)
    assert nested_deeper_than({"a": 1, "b": [1, 2]}, 2)
    assert not nested_deeper_than({"a": 1, "b": [1, 2]}, 3)
