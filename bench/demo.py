"""The demo loader at national scale: people, their sensitive records and consents, journaled."""

from __future__ import annotations

from harness import Run
from ujuzi.core.models import JournalEntry
from ujuzi.demo.loader import demo_load
from ujuzi.people.models import Person


def demo_people(size: int) -> Run:
    """``ujuzi demo --learners size`` on an empty programme (institutions, sites, people)."""

    def timed() -> int:
        return demo_load(learners=size, seed=2026).people_created

    def check(count: int) -> None:
        created = Person.objects.filter(user__isnull=True).count()
        journaled = JournalEntry.objects.filter(model="people.person", operation="create").count()
        if created != count or journaled != count + 1:
            raise AssertionError(f"expected {count} people journaled, found {created}/{journaled}")

    return Run(timed, check)
