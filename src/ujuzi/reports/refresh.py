"""Keeping the reports' facts fresh: the refresh, its warm-up, and reading one refresh.

The facts (``ujuzi.reports.facts``) are refreshed by the periodic job, or on read on a small
installation. A refresh rebuilds only the rows of the people whose records changed since
the last one, found in the change journal (``ujuzi.reports.freshness``); the first
refresh, a change of mappings, or ``full=True`` rebuild every row. Whenever rows change, the
cached counts (``Snapshot``) go with the old refresh; the national dashboard's are carried
over to the new one, adjusted by the rebuilt people's part (``ujuzi.reports.carry``), or
after a full rebuild counted again, so that no visitor pays for them. A page reads all its
figures from one refresh (``fresh_figures``), so a refresh finishing halfway through a page
cannot mix two.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from ujuzi.core.models import JournalEntry
from ujuzi.reports import compute, freshness
from ujuzi.reports.carry import Carry
from ujuzi.reports.facts import Progress, facts_analyse, facts_write_all, facts_write_for
from ujuzi.reports.models import EnrolmentFact, FactsRefresh, Snapshot, StalePerson
from ujuzi.reports.tables import Filters

# The national shapes the dashboards ask for first, counted right after each rebuild so
# that the national dashboard (administrators, the DPO and partners share it) reads
# snapshots only.
WARM_BREAKDOWNS: tuple[tuple[str, ...], ...] = ((), ("sex",), ("track",), ("site_kind",))
WARM_FAMILIES = ("start", "completion", "gain")
WARM_SHAPES: list[tuple[str, tuple[str, ...]]] = [
    *((family, by) for family in WARM_FAMILIES for by in WARM_BREAKDOWNS),
    ("completion", ("cohort",)),
    ("start", ("institution",)),
    ("sites", ()),
]


def _last_refresh() -> FactsRefresh | None:
    return FactsRefresh.objects.filter(finished_at__isnull=False).first()


def _one_refresh_at_a_time() -> None:
    """Wait for any other refresh to finish (SQLite's writers queue already)."""
    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(StalePerson._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {table} IN EXCLUSIVE MODE")


def _insert_people(people: Any) -> None:
    """``INSERT INTO`` the stale people table the person ids that ``people`` selects."""
    sql, params = people.query.get_compiler(using=people.db).as_sql()
    table = connection.ops.quote_name(StalePerson._meta.db_table)
    column = connection.ops.quote_name("person_id")
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} ({column}) {sql}", params)
        if connection.vendor == "postgresql":
            # A thousand people or a whole cohort's worth: the planner must know which,
            # to probe the facts by person or to scan them once.
            cursor.execute(f"ANALYZE {table}")


def _rebuild_changed(
    previous: FactsRefresh, position: int, today: Any, report: Progress
) -> tuple[int, Carry] | None:
    """Rebuild the rows of the people changed since ``previous``; ``None`` if there are none.

    Also returns the national counts carried over (see ``ujuzi.reports.carry``).
    """
    unread = freshness.window(previous.journal_position, previous.journal_gaps)
    changed = JournalEntry.objects.filter(
        unread, seq__lte=position, model__in=freshness.source_labels()
    )
    overdue = EnrolmentFact.objects.filter(follow_up_pending_until__lt=today)
    if not changed.exists() and not overdue.exists():
        return None
    StalePerson.objects.all().delete()
    _insert_people(freshness.stale_people(unread, position, today))
    people = StalePerson.objects.values("person_id")
    report("their part of the national counts", 2, 6)
    carry = Carry(previous, WARM_SHAPES)
    carry.before(people)
    report("their rows", 3, 6)
    written = facts_write_for(people, today)
    report("their part again", 4, 6)
    carry.after(people)
    StalePerson.objects.all().delete()
    return written, carry


def facts_rebuild(progress: Progress | None = None, *, full: bool = False) -> int:
    """Bring the facts up to the journal in one transaction; return the rows written.

    Only the changed people's rows unless ``full``, there is no earlier refresh, or the
    mappings changed. When no source record changed, the refresh only moves its journal
    position on and the cached counts stay.
    """
    report = progress or (lambda _stage, _done, _total: None)
    started = timezone.now()
    today = timezone.localdate()
    digest = freshness.mappings_digest()
    with transaction.atomic():
        _one_refresh_at_a_time()
        previous = _last_refresh()
        position = freshness.journal_position()
        full = full or previous is None or previous.mappings_digest != digest
        gaps = freshness.gaps_after(
            previous.journal_position if previous else 0,
            position,
            previous.journal_gaps if previous else [],
        )
        carried: Carry | None = None
        if full or previous is None:
            written = facts_write_all(today, report)
        else:
            report("people whose records changed", 1, 6)
            changed = _rebuild_changed(previous, position, today, report)
            if changed is None:
                previous.journal_position, previous.journal_gaps = position, gaps
                previous.save(update_fields=["journal_position", "journal_gaps"])
                report("done", 3, 3)
                return 0
            written, carried = changed
        # The cached counts belong to the old refresh and go with it; the carried ones stay.
        FactsRefresh.objects.all().delete()
        refresh = FactsRefresh.objects.create(
            started_at=started,
            finished_at=timezone.now(),
            rows=written,
            full=full,
            journal_position=position,
            journal_gaps=gaps,
            mappings_digest=digest,
        )
        if carried is not None:
            Snapshot.objects.bulk_create(carried.snapshots(refresh))
        report("done", 3, 3)
    if full:
        facts_analyse()
    return written


def facts_refresh(
    progress: Callable[[str, int, int], None] | None = None, *, full: bool = False
) -> int:
    """Bring the facts up to date (bulk SQL), then count the national dashboard if they changed."""
    before = _last_refresh()
    written = facts_rebuild(progress, full=full)
    after = _last_refresh()
    if before is not None and after is not None and after.pk == before.pk:
        return written  # nothing changed: the counts already cached are still right
    for done, (family, by) in enumerate(WARM_SHAPES, start=1):
        compute.counts_for(family, by, Filters(), None)
        if progress is not None:
            stage = f"national figures: {family} by {', '.join(by) or 'total'}"
            progress(stage, done, len(WARM_SHAPES))
    return written


@contextmanager
def fresh_figures() -> Iterator[None]:
    """Refresh a small installation's stale facts, then read the block from one rebuild."""
    facts_refresh_if_stale()
    with compute.one_refresh():
        yield


def facts_stale() -> bool:
    """True when a source record changed after the last refresh (or there was none).

    Changed means a journal entry for a source model above the refresh's position (or in
    one of its gaps), however old the clock it carries, and also a pending follow-up
    that is over by now, or other mappings.
    """
    refresh = compute.current_refresh()
    if refresh is None or refresh.mappings_digest != freshness.mappings_digest():
        return True
    unread = freshness.window(refresh.journal_position, refresh.journal_gaps)
    if JournalEntry.objects.filter(unread, model__in=freshness.source_labels()).exists():
        return True
    today = timezone.localdate()
    return EnrolmentFact.objects.filter(follow_up_pending_until__lt=today).exists()


SMALL_ENOUGH_TO_REFRESH_ON_READ = 20_000


def facts_refresh_if_stale() -> bool:
    """Refresh on read when the facts are stale and the data set is small; else wait for the job."""
    if not facts_stale():
        return False
    if EnrolmentFact.objects.count() > SMALL_ENOUGH_TO_REFRESH_ON_READ:
        return False
    facts_refresh()
    return True
