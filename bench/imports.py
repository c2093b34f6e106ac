"""People import: a 100,000-row HR export, all valid, into an empty programme."""

from __future__ import annotations

import random

from harness import Run
from ujuzi.core.reference import reference_data_load
from ujuzi.people.imports.engine import people_import
from ujuzi.people.models import Person
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


def import_people(size: int) -> Run:
    """``people_import`` of ``size`` valid CSV rows (UTF-8), the file already in memory."""
    reference_data_load()
    for code in ("ict", "health", "treasury"):
        institution_create(code=code, name=f"Ministry {code}", kind="ministry", by=None)
    rng = random.Random(9)
    lines = [HEADER]
    for n in range(size):
        first, last = rng.choice(NAMES), rng.choice(NAMES)
        lines.append(
            f"{30_000_000 + n},{20_000_000 + n},{first},{last},{rng.choice('MF')},"
            f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(1966, 2001)},"
            f"{first.lower()}.{last.lower()}{n}@example.go.ke,"
            f"07{rng.randint(10_000_000, 99_999_999)},"
            f"{rng.choice(('ict', 'health', 'treasury'))},Officer,{rng.choice('JKLMNP')},"
            f"{rng.choice(COUNTIES)}"
        )
    data = ("\n".join(lines) + "\n").encode()

    def timed() -> int:
        result = people_import(data, "bench.csv", by=None)
        if result.rejected:
            raise AssertionError(f"{len(result.rejected)} rows rejected: {result.rejected[:3]}")
        return result.new

    def check(count: int) -> None:
        if Person.objects.count() != count:
            raise AssertionError("not every row became a person")
        print(f"[bench] import: {count:,} rows, {len(data) / 1e6:.1f} MB of CSV", flush=True)

    return Run(timed, check)
