"""The starter catalogue (``data/starter-catalogue.json``): checked, then loaded at init.

The check lists every problem by path, like the framework importer, so that an operator
who edits the file learns all that is wrong at once; nothing is loaded from a file with
problems.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from django.db import transaction

from ujuzi.catalog.models import (
    Audience,
    Course,
    CourseOutcome,
    CoursePrerequisite,
    DeliveryMode,
    PartnerLevel,
    Programme,
)
from ujuzi.competencies.models import Competency
from ujuzi.competencies.selectors import framework_current
from ujuzi.core.records import records_bulk_create

STARTER_CATALOGUE = "starter-catalogue.json"
FRAMEWORK_SLUG = "public-service-digital"
LANGUAGES = {"en", "sw"}


class CatalogueError(ValueError):
    """A catalogue file that cannot be loaded, with every problem found."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the catalogue")
        self.problems = problems


def starter_catalogue() -> dict[str, Any]:
    """The shipped catalogue as data."""
    text = (resources.files("ujuzi.catalog") / "data" / STARTER_CATALOGUE).read_text("utf-8")
    return dict(json.loads(text))


def _bilingual(value: Any, where: str, problems: list[str]) -> None:
    if not isinstance(value, dict) or not all(
        isinstance(value.get(code), str) and value[code].strip() for code in LANGUAGES
    ):
        problems.append(f"{where}: needs English and Kiswahili text")


def _check_course(
    course: dict[str, Any],
    where: str,
    programmes: set[str],
    competency_codes: set[str],
    problems: list[str],
) -> None:
    if course.get("programme") not in programmes:
        problems.append(f"{where}.programme: unknown programme {course.get('programme')!r}")
    _bilingual(course.get("title"), f"{where}.title", problems)
    _bilingual(course.get("summary"), f"{where}.summary", problems)
    hours = course.get("duration_hours")
    if not isinstance(hours, int) or not 1 <= hours <= 2000:
        problems.append(f"{where}.duration_hours: a whole number of hours from 1 to 2000")
    modes = course.get("delivery_modes")
    if not isinstance(modes, list) or not modes or not set(modes) <= set(DeliveryMode.values):
        problems.append(f"{where}.delivery_modes: one or more of {sorted(DeliveryMode.values)}")
    languages = course.get("languages")
    if not isinstance(languages, list) or not languages or not set(languages) <= LANGUAGES:
        problems.append(f"{where}.languages: one or more of {sorted(LANGUAGES)}")
    if course.get("audience") not in Audience.values:
        problems.append(f"{where}.audience: one of {sorted(Audience.values)}")
    outcomes = course.get("outcomes")
    if not isinstance(outcomes, list) or not outcomes:
        problems.append(f"{where}.outcomes: at least one competency and level")
        outcomes = []
    for index, outcome in enumerate(outcomes):
        if not isinstance(outcome, dict) or outcome.get("competency") not in competency_codes:
            problems.append(f"{where}.outcomes[{index}].competency: unknown competency")
        elif outcome.get("level") not in (1, 2, 3, 4):
            problems.append(f"{where}.outcomes[{index}].level: 1 to 4")
    for rule in ("min_attendance_percent", "pass_mark_percent"):
        value = course.get(rule)
        if value is not None and (not isinstance(value, int) or not 0 <= value <= 100):
            problems.append(f"{where}.{rule}: a whole percentage from 0 to 100, or absent")
    track = course.get("partner_track")
    if track is not None and (
        not isinstance(track, dict)
        or not str(track.get("track", "")).strip()
        or track.get("level") not in PartnerLevel.values
    ):
        problems.append(f"{where}.partner_track: null or a track and a level")


def _cycle(prerequisites: dict[str, list[str]]) -> str | None:
    """A course that is (indirectly) its own prerequisite, if any."""
    state: dict[str, int] = {}

    def visit(code: str) -> bool:
        state[code] = 1
        for required in prerequisites.get(code, []):
            if state.get(required) == 1 or (state.get(required) is None and visit(required)):
                return True
        state[code] = 2
        return False

    return next((code for code in prerequisites if code not in state and visit(code)), None)


def catalogue_check(data: Any, competency_codes: set[str]) -> list[str]:
    """Every problem in a catalogue, by path; an empty list means it can be loaded."""
    if not isinstance(data, dict):
        return ["$: a JSON object with programmes and courses"]
    problems: list[str] = []
    programmes: set[str] = set()
    for index, programme in enumerate(data.get("programmes") or []):
        where = f"$.programmes[{index}]"
        code = programme.get("code") if isinstance(programme, dict) else None
        if not isinstance(code, str) or not code or code in programmes:
            problems.append(f"{where}.code: missing or repeated")
            continue
        programmes.add(code)
        _bilingual(programme.get("title"), f"{where}.title", problems)
        if programme.get("audience") not in Audience.values:
            problems.append(f"{where}.audience: one of {sorted(Audience.values)}")
    courses = data.get("courses") or []
    codes = [course.get("code") if isinstance(course, dict) else None for course in courses]
    prerequisites: dict[str, list[str]] = {}
    for index, course in enumerate(courses):
        where = f"$.courses[{index}]"
        code = codes[index]
        if not isinstance(code, str) or not code or codes.count(code) > 1:
            problems.append(f"{where}.code: missing or repeated")
            if not isinstance(code, str) or not code:
                continue
        _check_course(course, where, programmes, competency_codes, problems)
        required = course.get("prerequisites") or []
        for position, other in enumerate(required):
            if other not in codes or other == code:
                problems.append(f"{where}.prerequisites[{position}]: unknown course {other!r}")
        prerequisites[code] = [other for other in required if other in codes]
    looping = _cycle(prerequisites)
    if looping:
        problems.append(f"$.courses: {looping} is, through its prerequisites, its own prerequisite")
    return problems


def _by_code(model: type[Programme] | type[Course]) -> dict[str, Any]:
    """Every code in use or deleted, with its record: the live one where both exist.

    A shipped programme or course deleted here stays deleted (its code is known), but
    since a tombstone does not hold its code, a live record may share it: that is the one
    new courses and prerequisites name.
    """
    found = {record.code: record for record in model.all_objects.exclude(deleted_clock=None)}
    found.update((record.code, record) for record in model.objects.all())
    return found


@transaction.atomic
def catalogue_load(data: dict[str, Any]) -> int:
    """Load the programmes and courses that are not here yet; return how many courses."""
    framework = framework_current(FRAMEWORK_SLUG)
    if framework is None:
        raise CatalogueError([f"the framework {FRAMEWORK_SLUG!r} is not loaded"])
    competencies = {
        item.uri_code: item
        for item in Competency.objects.filter(framework=framework, kind=Competency.Kind.COMPETENCY)
    }
    problems = catalogue_check(data, set(competencies))
    if problems:
        raise CatalogueError(problems)
    programmes = _by_code(Programme)
    new_programmes = [
        Programme(
            code=entry["code"],
            title=entry["title"],
            description=entry.get("description", {}),
            audience=entry["audience"],
            position=position,
        )
        for position, entry in enumerate(data["programmes"])
        if entry["code"] not in programmes
    ]
    records_bulk_create(new_programmes, by=None, action="catalog.programme.load")
    programmes.update({p.code: p for p in new_programmes})
    courses = _by_code(Course)
    fresh = [entry for entry in data["courses"] if entry["code"] not in courses]
    new_courses = [
        Course(
            code=entry["code"],
            programme=programmes[entry["programme"]],
            title=entry["title"],
            summary=entry["summary"],
            duration_hours=entry["duration_hours"],
            delivery_modes=entry["delivery_modes"],
            languages=entry["languages"],
            audience=entry["audience"],
            executive=bool(entry.get("executive")),
            partner_track=(entry.get("partner_track") or {}).get("track", ""),
            partner_level=(entry.get("partner_track") or {}).get("level", ""),
            min_attendance_percent=entry.get("min_attendance_percent", 80),
            # Certification-track courses end with the partner's practice exam.
            pass_mark_percent=entry.get(
                "pass_mark_percent", 70 if entry.get("partner_track") else None
            ),
            position=position,
        )
        for position, entry in enumerate(data["courses"])
        if entry["code"] not in courses
    ]
    records_bulk_create(new_courses, by=None, action="catalog.course.load")
    courses.update({c.code: c for c in new_courses})
    records_bulk_create(
        [
            CourseOutcome(
                course=courses[entry["code"]],
                competency=competencies[outcome["competency"]],
                level=outcome["level"],
            )
            for entry in fresh
            for outcome in entry["outcomes"]
        ],
        by=None,
        action="catalog.courseoutcome.load",
    )
    records_bulk_create(
        [
            CoursePrerequisite(course=courses[entry["code"]], required=courses[other])
            for entry in fresh
            for other in entry.get("prerequisites") or []
        ],
        by=None,
        action="catalog.courseprerequisite.load",
    )
    return len(new_courses)


def starter_catalogue_load() -> int:
    """Load the shipped catalogue's missing courses (the test suite checks the file)."""
    try:
        return catalogue_load(starter_catalogue())
    except CatalogueError as error:
        raise RuntimeError(f"the starter catalogue is invalid: {error.problems}") from error
