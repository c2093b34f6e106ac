"""Small-cell suppression, so that no published figure lets anyone count fewer than N people.

Every cell is reduced to the counts of people it reveals: a count reveals itself; a
proportion reveals its numerator, its denominator and their difference (the people
without the attribute); a mean reveals the number of people averaged. Three rules apply,
in order, to the raw counts (never to already-rounded figures):

1. **Primary.** A cell is hidden when any count it reveals is between 1 and N-1. Zero is
   published: "nobody" does not single anyone out.
2. **Differencing.** A request's filters have *parents*: the same request with one filter
   removed, or with the period widened to a quarter, a year or no period that contains it
   (periods are whole months, quarters or years, so these are all the requests that differ
   from it by one value and count a superset of its people). A cell is hidden when, for
   any parent, the parent's cell with the same keys minus this cell is between 1 and N-1
   in any count it reveals, whether or not the parent's cell is itself published. So no
   two published requests that differ by one filter value can be subtracted to count a
   small group.
3. **Secondary.** Within each line of the table (all rows; and in a table by two
   dimensions, each row and each column, whose margins other requests publish) the hidden
   cells must not be recoverable from the total: when exactly one cell of a line is
   hidden, or the hidden cells' counts add up to between 1 and N-1, the smallest visible
   cell of the line is hidden too, until neither holds. If the whole line is hidden and
   the sum is still small, the total is hidden.

Counts of sites (coverage of community centres and mobile-lab stops) are not personal and
are never suppressed.
"""

from __future__ import annotations

from collections.abc import Sequence

Components = tuple[int, ...]


def is_small(value: int, threshold: int) -> bool:
    """True for a count that would single out fewer than ``threshold`` people."""
    return 0 < value < threshold


def any_small(values: Sequence[int], threshold: int) -> bool:
    """True when any of the counts is small."""
    return any(is_small(value, threshold) for value in values)


def differences(child: Components, parent: Components) -> Components:
    """Counts a parent's cell reveals beyond the child's (the parent counts a superset)."""
    return tuple(abs(p - c) for c, p in zip(child, parent, strict=True))


def lines(keys: Sequence[tuple[str, ...]]) -> list[list[int]]:
    """The lines of a table whose margins are published: all rows, then each row/column."""
    found: list[list[int]] = [list(range(len(keys)))]
    width = len(keys[0]) if keys else 0
    if width > 1:
        for dimension in range(width):
            groups: dict[tuple[str, ...], list[int]] = {}
            for index, key in enumerate(keys):
                rest = key[:dimension] + key[dimension + 1 :]
                groups.setdefault(rest, []).append(index)
            found.extend(groups.values())
    return found


def secondary(
    components: Sequence[Components],
    hidden: list[bool],
    keys: Sequence[tuple[str, ...]],
    threshold: int,
) -> bool:
    """Hide more cells until no line gives a hidden cell away; return whether the total hides."""
    hide_total = False
    changed = True
    while changed:
        changed = False
        for line in lines(keys):
            hidden_here = [i for i in line if hidden[i]]
            if not hidden_here:
                continue
            width = len(components[line[0]])
            sums = [sum(components[i][part] for i in hidden_here) for part in range(width)]
            if len(hidden_here) != 1 and not any_small(sums, threshold):
                continue
            visible = [i for i in line if not hidden[i]]
            if not visible:
                if len(line) == len(keys):
                    hide_total = True
                continue
            smallest = min(visible, key=lambda i: (max(components[i]), keys[i]))
            hidden[smallest] = True
            changed = True
    return hide_total
