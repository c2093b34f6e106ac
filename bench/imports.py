"""People import: a 100,000-row HR export, all valid, into an empty programme; then the
next month's export of the same people, in which one in ten has a new job title."""

from __future__ import annotations

import random

from harness import Run
from ujuzi.core.reference import reference_data_load
from ujuzi.people.imports.engine import ImportResult, people_import
from ujuzi.people.models import Institution, Person
from ujuzi.people.services import institution_create

HEADER = (
    "personal_number,national_id,first_name,last_name,sex,date_of_birth,email,phone,"
    "institution,job_title,grade,county"
)
NAMES = (
    "Achieng",
    "Baraka",
    "Chebet",
    "Wanjiru",
    "Otieno",
    "Mwangi",
    "Kiprop",
    "Njeri",
    "Amina",
    "Hassan",
)
COUNTIES = ("Nairobi City", "Mombasa", "Kisumu", "Lamu", "047", "Uasin Gishu", "Turkana")


CHANGED_EVERY = 10  # one person in ten is promoted between two monthly exports


def _programme() -> None:
    """The counties and the three ministries the export names (kept when already there)."""
    reference_data_load()
    for code in ("ict", "health", "treasury"):
        if not Institution.objects.filter(code=code).exists():
            institution_create(code=code, name=f"Ministry {code}", kind="ministry", by=None)


def _hr_export(size: int, *, promoted: bool = False) -> bytes:
    """``size`` valid CSV rows (UTF-8), the same people for the same ``size`` every time.

    With ``promoted``, every ``CHANGED_EVERY``-th person's job title reads "Senior Officer".
    """
    rng = random.Random(9)
    lines = [HEADER]
    for n in range(size):
        first, last = rng.choice(NAMES), rng.choice(NAMES)
        title = "Senior Officer" if promoted and n % CHANGED_EVERY == 0 else "Officer"
        lines.append(
            f"{30_000_000 + n},{20_000_000 + n},{first},{last},{rng.choice('MF')},"
            f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(1966, 2001)},"
            f"{first.lower()}.{last.lower()}{n}@example.go.ke,"
            f"07{rng.randint(10_000_000, 99_999_999)},"
            f"{rng.choice(('ict', 'health', 'treasury'))},{title},{rng.choice('JKLMNP')},"
            f"{rng.choice(COUNTIES)}"
        )
    return ("\n".join(lines) + "\n").encode()


def _accepted(data: bytes) -> ImportResult:
    result = people_import(data, "bench.csv", by=None)
    if result.rejected:
        raise AssertionError(f"{len(result.rejected)} rows rejected: {result.rejected[:3]}")
    return result


def import_people(size: int) -> Run:
    """``people_import`` of ``size`` valid CSV rows (UTF-8), the file already in memory."""
    _programme()
    data = _hr_export(size)

    def timed() -> int:
        return _accepted(data).new

    def check(count: int) -> None:
        if Person.objects.count() != count:
            raise AssertionError("not every row became a person")
        print(f"[bench] import: {count:,} rows, {len(data) / 1e6:.1f} MB of CSV", flush=True)

    return Run(timed, check)


def import_people_changes(size: int) -> Run:
    """The next export of the same ``size`` people: one in ten updated, the rest unchanged.

    Run alone, it first imports the first export, off the clock.
    """
    _programme()
    if not Person.objects.filter(personal_number=str(30_000_000 + size - 1)).exists():
        _accepted(_hr_export(size))
    data = _hr_export(size, promoted=True)
    outcome: list[ImportResult] = []

    def timed() -> int:
        outcome.append(_accepted(data))
        return size

    def check(count: int) -> None:
        result = outcome[0]
        promoted = len(range(0, size, CHANGED_EVERY))
        if (result.new, result.updated, result.unchanged) != (0, promoted, size - promoted):
            raise AssertionError(f"unexpected counts: {result.counts()}")
        if Person.objects.filter(job_title="Senior Officer").count() != promoted:
            raise AssertionError("not every promotion was written")
        print(f"[bench] re-import: {promoted:,} of {count:,} people updated", flush=True)

    return Run(timed, check)
