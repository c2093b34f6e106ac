"""Deterministic synthetic people for the demo.

Civil servants of the demo institutions, young people registered at centres and mobile
labs, and a few Rwandan learners.
"""

from __future__ import annotations

import datetime
import random
import unicodedata
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from ujuzi.core.ids import uuid7
from ujuzi.demo import names
from ujuzi.people.models import ADULT_AGE, ConsentEvent, Person, years_between
from ujuzi.people.services import CURRENT_NOTICE_VERSION

TODAY = datetime.date(2026, 11, 23)


@dataclass(frozen=True)
class Pools:
    """What generated people can be attached to (ids only)."""

    institution_ids: Sequence[uuid.UUID]
    kenyan_area_keys: Sequence[str]
    rwandan_area_keys: Sequence[str]
    youth_sites: Sequence[tuple[uuid.UUID, str]]  # (site id, county key)


@dataclass(frozen=True)
class GeneratedPerson:
    """A person to insert, with their sex and, for people who are not staff, their consent.

    Civil servants' training records rest on their employer's legal basis, so only young
    people and others carry a consent to training administration. The person and the
    consent are field values by attribute name, as the bulk writers take them: building a
    model instance per person cost more than inserting it.
    """

    values: dict[str, Any]
    sex: str
    consent: dict[str, Any] | None

    @property
    def person(self) -> Person:
        """The person as an unsaved model instance (for comparing, not for writing)."""
        return Person(**self.values)


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def _sex(rng: random.Random) -> str:
    roll = rng.random()
    return "intersex" if roll < 0.002 else ("female" if roll < 0.51 else "male")


def _birth_date(rng: random.Random, youngest: int, oldest: int) -> datetime.date:
    age_days = rng.randint(youngest * 365 + 1, oldest * 365)
    return TODAY - datetime.timedelta(days=age_days)


def generate_people(count: int, pools: Pools, seed: int) -> Iterator[GeneratedPerson]:
    """Yield ``count`` people; the same seed always yields the same people."""
    rng = random.Random(seed)  # noqa: S311 - demo data, not security
    for index in range(count):
        roll = rng.random()
        sex = _sex(rng)
        female = sex == "female" or (sex == "intersex" and rng.random() < 0.5)
        rwandan = roll >= 0.96
        if rwandan:
            first = rng.choice(names.RWANDAN_FEMALE if female else names.RWANDAN_MALE)
            last = rng.choice(names.RWANDAN_SURNAMES)
        else:
            first = rng.choice(names.KENYAN_FEMALE if female else names.KENYAN_MALE)
            last = rng.choice(names.KENYAN_SURNAMES)
        person: dict[str, Any] = {
            "id": uuid7(),
            "first_name": first,
            "last_name": last,
            "preferred_language": "sw" if rng.random() < 0.35 and not rwandan else "en",
        }
        if roll < 0.6:
            person["audience"] = Person.Audience.CIVIL_SERVANT
            person["institution_id"] = rng.choice(pools.institution_ids)
            person["personal_number"] = f"{20_000_000 + index:08d}"
            person["national_id"] = f"1{index:07d}"
            person["job_title"] = rng.choice(names.JOB_TITLES)
            person["grade"] = rng.choice(names.JOB_GROUPS)
            person["date_of_birth"] = _birth_date(rng, 24, 59)
            person["area_id"] = rng.choice(pools.kenyan_area_keys)
            person["email"] = (
                f"{_ascii(first)}.{_ascii(last).replace(' ', '')}{index}@demo.go.ke.invalid"
            )
        elif rwandan:
            person["audience"] = Person.Audience.YOUTH
            person["date_of_birth"] = _birth_date(rng, 18, 30)
            person["area_id"] = rng.choice(pools.rwandan_area_keys)
            person["phone"] = f"+2507{rng.randint(20_000_000, 99_999_999)}"
        else:
            person["audience"] = Person.Audience.YOUTH if roll < 0.93 else Person.Audience.OTHER
            site_id, county = rng.choice(pools.youth_sites)
            person["registered_at_site_id"] = site_id
            person["area_id"] = county
            person["date_of_birth"] = _birth_date(
                rng, 15, 34 if person["audience"] == "youth" else 50
            )
            person["phone"] = f"+2547{rng.randint(0, 99_999_999):08d}"
            if years_between(person["date_of_birth"], TODAY) < ADULT_AGE:
                person["guardian_name"] = f"{rng.choice(names.KENYAN_FEMALE)} {last}"
                person["guardian_phone"] = f"+2547{rng.randint(0, 99_999_999):08d}"
            else:
                person["national_id"] = f"2{index:07d}"
        consent = (
            None
            if person["audience"] == Person.Audience.CIVIL_SERVANT
            else {
                "person_id": person["id"],
                "purpose": ConsentEvent.Purpose.TRAINING_ADMINISTRATION,
                "decision": ConsentEvent.Decision.GIVEN,
                "notice_version": CURRENT_NOTICE_VERSION,
                "decided_at": datetime.datetime(2026, 1, 5, 8, 0, tzinfo=datetime.UTC)
                + datetime.timedelta(minutes=index % 100_000),
                "channel": ConsentEvent.Channel.PAPER,
            }
        )
        yield GeneratedPerson(values=person, sex=sex, consent=consent)
