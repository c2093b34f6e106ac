"""Keeping the reports' facts fresh: the rebuild, its warm-up, and reading one rebuild.

The facts (``ujuzi.reports.facts``) are rebuilt by the periodic job, or on read on a small
installation; right after each rebuild the national dashboard's shapes are counted, so
that no visitor pays for them. A page reads all its figures from one rebuild
(``fresh_figures``), so a rebuild finishing halfway through a page cannot mix two.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from ujuzi.reports import compute
from ujuzi.reports.facts import facts_rebuild, source_mark
from ujuzi.reports.models import EnrolmentFact
from ujuzi.reports.tables import Filters

# The national shapes the dashboards ask for first, counted right after each rebuild so
# that the national dashboard (administrators, the DPO and partners share it) reads
# snapshots only.
WARM_BREAKDOWNS: tuple[tuple[str, ...], ...] = ((), ("sex",), ("track",), ("site_kind",))
WARM_FAMILIES = ("start", "completion", "gain")


def facts_refresh(progress: Callable[[str, int, int], None] | None = None) -> int:
    """Rebuild the facts from the records (bulk SQL), then count the national dashboard."""
    written = facts_rebuild(progress)
    shapes = [(family, by) for family in WARM_FAMILIES for by in WARM_BREAKDOWNS]
    shapes += [("completion", ("cohort",)), ("start", ("institution",)), ("sites", ())]
    for done, (family, by) in enumerate(shapes, start=1):
        compute.counts_for(family, by, Filters(), None)
        if progress is not None:
            progress(f"national figures: {family} by {', '.join(by) or 'total'}", done, len(shapes))
    return written


@contextmanager
def fresh_figures() -> Iterator[None]:
    """Refresh a small installation's stale facts, then read the block from one rebuild."""
    facts_refresh_if_stale()
    with compute.one_refresh():
        yield


def facts_stale() -> bool:
    """True when a source record changed after the last rebuild (or there was none)."""
    refresh = compute.current_refresh()
    return refresh is None or source_mark() > refresh.source_mark


SMALL_ENOUGH_TO_REFRESH_ON_READ = 20_000


def facts_refresh_if_stale() -> bool:
    """Rebuild on read when the facts are stale and the data set is small; else wait for the job."""
    if not facts_stale():
        return False
    if EnrolmentFact.objects.count() > SMALL_ENOUGH_TO_REFRESH_ON_READ:
        return False
    facts_refresh()
    return True
