"""Carrying the national dashboard's counts across an incremental refresh.

Counting the national shapes again over every fact row takes longer than rebuilding a
thousand people's rows. It is not needed: every measure counts people (``COUNT(DISTINCT
person_id)``), rows or sums within each cell, and the people whose rows were rebuilt are
apart from everyone else, so in each cell

    new count = cached count - what those people counted before + what they count now

exactly. ``Carry.before`` counts the rebuilt people's part before their rows go,
``Carry.after`` after the new rows are in, and ``Carry.snapshots`` gives the new refresh its
counts. The coverage counts read sites and stops rather than the facts, so they are not
carried: they are counted again. A shape with no cached count is left to the warm-up.
"""

from __future__ import annotations

import json
from typing import Any

from ujuzi.reports import compute
from ujuzi.reports.models import FactsRefresh, Snapshot
from ujuzi.reports.tables import Filters

Shape = tuple[str, tuple[str, ...]]
# The measure that is zero exactly when a cell has no row: such a cell is left out, as a
# fresh count leaves it out.
PRESENCE = {"start": "enrolled", "completion": "completed", "gain": "gain_rows"}


def _cached(refresh: FactsRefresh, shape: Shape) -> compute.Grouped | None:
    key = compute._snapshot_key(shape[0], shape[1], Filters(), None)
    found = Snapshot.objects.filter(key=key, refresh=refresh).values_list("counts", flat=True)
    for stored in found:
        return {tuple(json.loads(cell)): dict(counts) for cell, counts in stored.items()}
    return None


def _adjusted(
    family: str, cached: compute.Grouped, before: compute.Grouped, after: compute.Grouped
) -> compute.Grouped | None:
    counts: compute.Grouped = {}
    for cell in cached.keys() | before.keys() | after.keys():
        names = cached.get(cell, {}).keys() | after.get(cell, {}).keys()
        values = {
            name: cached.get(cell, {}).get(name, 0)
            - before.get(cell, {}).get(name, 0)
            + after.get(cell, {}).get(name, 0)
            for name in names
        }
        if any(value < 0 for value in values.values()):
            return None  # the cache did not hold what the facts held: count afresh
        if cell == () or values.get(PRESENCE[family], 0) > 0:
            counts[cell] = values
    return counts


class Carry:
    """The cached national counts of one refresh, brought over to the next."""

    def __init__(self, previous: FactsRefresh, shapes: list[Shape]) -> None:
        self.cached = {
            shape: found
            for shape in shapes
            if shape[0] in PRESENCE and (found := _cached(previous, shape)) is not None
        }
        self.counted: dict[Shape, compute.Grouped] = {}

    def _part(self, people: Any) -> dict[Shape, compute.Grouped]:
        return {
            shape: compute._compute(shape[0], shape[1], Filters(), None, people)
            for shape in self.cached
        }

    def before(self, people: Any) -> None:
        """Count the part of ``people`` (a query of person ids) before their rows go."""
        self.counted = self._part(people)

    def after(self, people: Any) -> None:
        """Count their part again, now that their rows are rebuilt, and adjust the cache."""
        now = self._part(people)
        adjusted = {
            shape: _adjusted(shape[0], cached, self.counted[shape], now[shape])
            for shape, cached in self.cached.items()
        }
        self.cached = {shape: counts for shape, counts in adjusted.items() if counts is not None}

    def snapshots(self, refresh: FactsRefresh) -> list[Snapshot]:
        """The carried counts as snapshots of ``refresh``."""
        return [
            Snapshot(
                key=compute._snapshot_key(family, by, Filters(), None),
                refresh=refresh,
                counts={json.dumps(list(cell)): values for cell, values in counts.items()},
            )
            for (family, by), counts in self.cached.items()
        ]
