"""Reports at national scale: the demo with its history, the facts rebuild, the national dashboard.

``national_demo`` loads ``ujuzi demo --learners N`` (people, then their courses, follow-ups
and answers, then the facts) into an empty programme; ``reports_facts_refresh`` rebuilds
every fact once more; ``reports_facts_refresh_incremental`` refreshes them after one
person in a thousand changed; ``national_dashboard`` renders the national dashboard for the
demo's programme administrator. Run alone, the later ones first load the demo untimed.
"""

from __future__ import annotations

import time

from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import NoReverseMatch, reverse

from harness import Run
from ujuzi.core import node
from ujuzi.core.audit import checkpoint_path
from ujuzi.core.models import User
from ujuzi.delivery.models import Cohort, Completion, Enrolment
from ujuzi.demo.loader import demo_load
from ujuzi.demo.scale_plan import MARKER
from ujuzi.outcomes.models import FollowUp, FollowUpAnswer
from ujuzi.people.models import Person
from ujuzi.people.services import person_update
from ujuzi.reports.models import EnrolmentFact, FactsRefresh, StalePerson
from ujuzi.reports.refresh import facts_refresh

SEED = 2026
DASHBOARD_REQUESTS = 3


def _log(message: str) -> None:
    import sys

    print(f"[bench] {message}", file=sys.stderr, flush=True)


def _empty_programme() -> None:
    """Start from an empty database: earlier benchmarks (``demo_people``) loaded a demo.

    The demo loads only into a programme without generated people, so their tables are
    emptied (as ``manage.py flush`` does), with the audit checkpoints kept outside the
    database, and the node is created again as ``ujuzi init`` would.
    """
    if not Person.objects.filter(user__isnull=True).exists():
        return
    _log("emptying the database left by the earlier benchmarks")
    call_command("flush", interactive=False, verbosity=0)
    checkpoint_path().unlink(missing_ok=True)
    node.forget_local_node()
    node.local_node_id()
    node.next_clock()


def _settle() -> None:
    """What a database does by itself after a bulk load, before anyone reads.

    PostgreSQL's autovacuum gathers planner statistics; SQLite installations never run
    ``ANALYZE``, so there only the write-ahead log is folded into the file.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        else:
            cursor.execute("ANALYZE")


def _counts() -> dict[str, int]:
    return {
        "people": Person.objects.filter(user__isnull=True).count(),
        "cohorts": Cohort.objects.filter(code__startswith=MARKER).count(),
        "enrolments": Enrolment.objects.count(),
        "completions": Completion.objects.count(),
        "follow_ups": FollowUp.objects.count(),
        "answers": FollowUpAnswer.objects.count(),
        "fact_rows": EnrolmentFact.objects.count(),
    }


def _loaded(size: int) -> None:
    """The demo with its history, loaded without timing when it is not there yet."""
    if Cohort.objects.filter(code__startswith=MARKER).exists():
        return
    _empty_programme()
    started = time.perf_counter()
    demo_load(learners=size, seed=SEED)
    _log(f"loaded the demo for {size:,} learners in {time.perf_counter() - started:.1f} s")


def national_demo(size: int) -> Run:
    """``demo_load(learners=size)`` into an empty programme: people, history, facts."""
    _empty_programme()
    phases: list[tuple[str, float]] = []
    started: list[float] = []

    def progress(done: int, total: int) -> None:
        if done >= total:  # once for the people, once for their history
            phases.append(("people" if not phases else "history", time.perf_counter()))

    def timed() -> int:
        started.append(time.perf_counter())
        return demo_load(learners=size, seed=SEED, progress=progress).people_created

    def check(count: int) -> None:
        counts = _counts()
        # The generated learners, and beside them the demo's few named people without a
        # login (the partner certificate's holder).
        if count != size or counts["people"] < size or not counts["follow_ups"]:
            raise AssertionError(f"expected {size} people with a history, found {counts}")
        if not counts["fact_rows"]:
            raise AssertionError("the facts were not rebuilt after the load")
        previous = started[0]
        for name, at in phases:
            _log(f"  {name} done after {at - started[0]:.1f} s (+{at - previous:.1f} s)")
            previous = at
        _log(f"  then the rest and the facts refresh: +{time.perf_counter() - previous:.1f} s")
        _log(f"  {counts}")

    return Run(timed, check)


def reports_facts_refresh(size: int) -> Run:
    """``reports.refresh.facts_refresh(full=True)`` over the demo for ``size`` learners."""
    _loaded(size)

    def timed() -> int:
        return facts_refresh(full=True)

    def check(count: int) -> None:
        if count <= 0 or EnrolmentFact.objects.count() == 0:
            raise AssertionError(f"the facts rebuild wrote {count} rows")

    return Run(timed, check)


# One learner in this many changes between two refreshes.
CHANGED_ONE_IN = 1000


def reports_facts_refresh_incremental(size: int) -> Run:
    """``facts_refresh()`` after ``size / 1000`` learners with a seat changed their grade.

    Each change goes through ``person_update`` (journaled and audited), off the clock; the
    refresh then finds those people in the journal and rebuilds their rows only. Its
    stages and the national figures counted afterwards are timed apart on stderr.
    """
    _loaded(size)
    facts_refresh()  # up to the journal, as after the hourly job
    wanted = max(1, size // CHANGED_ONE_IN)
    seated = EnrolmentFact.objects.values("person_id")
    people = list(Person.objects.filter(pk__in=seated).exclude(grade="P").order_by("pk")[:wanted])
    ids = [person.pk for person in people]
    started = time.perf_counter()
    for person in people:
        person_update(person=person, changes={"grade": "P"}, by=None)
    _log(f"changed {len(ids):,} people in {time.perf_counter() - started:.1f} s (untimed)")
    _settle()
    stages: list[tuple[str, float]] = []

    def progress(stage: str, _done: int, _total: int) -> None:
        stages.append((stage, time.perf_counter()))

    def timed() -> int:
        stages.append(("start", time.perf_counter()))
        facts_refresh(progress)
        return len(ids)

    def check(count: int) -> None:
        refresh = FactsRefresh.objects.get()
        if refresh.full or StalePerson.objects.exists() or count != wanted:
            raise AssertionError(f"not an incremental refresh of {wanted} people: {refresh}")
        bands = EnrolmentFact.objects.filter(person_id__in=ids).values_list("grade_band")
        if set(bands.distinct()) != {("senior",)}:
            raise AssertionError(f"the changed people's grade bands: {set(bands.distinct())}")
        previous = stages[0][1]
        for stage, at in stages[1:]:
            _log(f"  {stage} after {at - stages[0][1]:.3f} s (+{at - previous:.3f} s)")
            previous = at
        _log(f"  {refresh.rows:,} fact rows written; over {_counts()}")

    return Run(timed, check)


def _dashboard_url() -> str:
    for name in ("reports:dashboard", "reports-dashboard", "dashboard"):
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    return "/reports/"


def national_dashboard(size: int) -> Run:
    """GET the national dashboard as the programme administrator, three times.

    After one warm-up request to the home page, as a running server would have served;
    each request is logged. ``n`` counts requests.
    """
    _loaded(size)
    _settle()
    client = Client()
    client.force_login(User.objects.get(username="admin"))
    client.get("/")
    url = _dashboard_url()
    responses = []

    def timed() -> int:
        for _ in range(DASHBOARD_REQUESTS):
            started = time.perf_counter()
            responses.append(client.get(url))
            _log(f"  GET {url}: {time.perf_counter() - started:.3f} s")
        return len(responses)

    def check(count: int) -> None:
        for response in responses:
            if response.status_code != 200:
                raise AssertionError(f"GET {url} answered {response.status_code}")
        _log(f"  over {_counts()}")

    return Run(timed, check)
