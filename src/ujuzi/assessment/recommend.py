"""A person's pathway from the database: their gaps, the catalogue, what they can reach.

An offering is within reach when it is online, at a site in the person's county or
district, or in a mobile lab with a stop there that has not ended.
"""

from __future__ import annotations

import datetime
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from ujuzi.assessment.models import Evidence
from ujuzi.assessment.pathway import CourseFacts, Need, Plan, pathway_plan
from ujuzi.assessment.selectors import SkillProfile, skill_profile
from ujuzi.catalog.models import Course, CourseOutcome, CoursePrerequisite, Offering
from ujuzi.core.bilingual import pick
from ujuzi.core.models import User
from ujuzi.people.models import Person
from ujuzi.people.selectors import person_get_for
from ujuzi.places.models import RouteStop, Site


@dataclass(frozen=True)
class Step:
    """One course of a person's pathway, ready to show."""

    course: Course
    reason: str
    offering: Offering | None
    reachable: bool
    prerequisite_for: Course | None


@dataclass(frozen=True)
class Pathway:
    """A person's pathway and the gaps the catalogue cannot close yet."""

    profile: SkillProfile
    steps: list[Step]
    uncovered: list[str]


def reachable_sites(person: Person, today: datetime.date) -> set[Any]:
    """Sites whose offerings the person can reach."""
    sites = set(Site.objects.filter(kind=Site.Kind.ONLINE).values_list("pk", flat=True))
    if person.area_id:
        sites |= set(Site.objects.filter(area_id=person.area_id).values_list("pk", flat=True))
        sites |= set(
            RouteStop.objects.filter(area_id=person.area_id, ends_on__gte=today).values_list(
                "site_id", flat=True
            )
        )
    return sites


def _offering_rank(offering: Offering, reachable: set[Any], language: str) -> tuple[int, ...]:
    kinds: list[str] = [
        Site.Kind.CAMPUS,
        Site.Kind.COMMUNITY_CENTRE,
        Site.Kind.MOBILE_LAB,
        Site.Kind.ONLINE,
    ]
    return (
        offering.site_id in reachable,
        offering.language == language,
        -kinds.index(offering.site.kind) if offering.site.kind in kinds else -9,
    )


@dataclass(frozen=True)
class Catalogue:
    """The catalogue as the planner reads it; the same for every person until it changes."""

    courses: dict[str, Course]
    outcomes: dict[str, dict[Hashable, int]]
    prerequisites: dict[str, list[str]]
    offerings: dict[str, list[Offering]]


_cached: tuple[tuple[Any, ...], Catalogue] | None = None


def _catalogue_stamp() -> tuple[Any, ...]:
    """Changes whenever a course, outcome, prerequisite, offering or site is written."""
    tables = [m._meta.db_table for m in (Course, CourseOutcome, CoursePrerequisite, Offering, Site)]
    # One round trip: the table names come from the models, never from input.
    sql = " UNION ALL ".join(
        f"SELECT MAX(changed_clock), COUNT(*) FROM {table}"  # noqa: S608
        for table in tables
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return tuple(tuple(row) for row in cursor.fetchall())


def catalogue_read() -> Catalogue:
    """The catalogue, read again only when one of its tables has changed."""
    global _cached
    stamp = _catalogue_stamp()
    if _cached is not None and _cached[0] == stamp:
        return _cached[1]
    courses = {c.code: c for c in Course.objects.all()}
    by_id = {c.pk: c.code for c in courses.values()}
    outcomes: dict[str, dict[Hashable, int]] = {code: {} for code in courses}
    for course_id, competency_id, level in CourseOutcome.objects.values_list(
        "course_id", "competency_id", "level"
    ):
        if course_id in by_id:
            outcomes[by_id[course_id]][competency_id] = level
    prerequisites: dict[str, list[str]] = {code: [] for code in courses}
    for course_id, required_id in CoursePrerequisite.objects.values_list(
        "course_id", "required_id"
    ).order_by("required__position"):
        if course_id in by_id and required_id in by_id:
            prerequisites[by_id[course_id]].append(by_id[required_id])
    offerings: dict[str, list[Offering]] = {code: [] for code in courses}
    for offering in Offering.objects.select_related("site", "site__area"):
        if offering.course_id in by_id:
            offerings[by_id[offering.course_id]].append(offering)
    catalogue = Catalogue(courses, outcomes, prerequisites, offerings)
    _cached = (stamp, catalogue)
    return catalogue


def catalogue_facts(
    reachable: set[Any], language: str
) -> tuple[dict[str, CourseFacts], dict[str, Course], dict[str, Offering]]:
    """Every course as the planner sees it, with its best offering for this person."""
    catalogue = catalogue_read()
    best: dict[str, Offering] = {}
    for code, offerings in catalogue.offerings.items():
        if offerings:
            best[code] = max(offerings, key=lambda o: _offering_rank(o, reachable, language))
    facts = {
        code: CourseFacts(
            code=code,
            outcomes=catalogue.outcomes[code],
            prerequisites=catalogue.prerequisites[code],
            languages=frozenset(course.languages),
            reachable=code in best and best[code].site_id in reachable,
            duration_hours=course.duration_hours,
        )
        for code, course in catalogue.courses.items()
    }
    return facts, catalogue.courses, best


def reason_text(profile: SkillProfile, competency_id: Hashable, current: int, target: int) -> str:
    """The sentence that says why a course is on the pathway."""
    row = next(r for r in profile.rows if r.competency.pk == competency_id)
    name = pick(row.competency.title)
    if current == 0 and row.estimate is None:
        return _(
            "Your %(competency)s has not been assessed yet; your role needs level %(target)d."
        ) % {
            "competency": name,
            "target": target,
        }
    if current == 0:
        return _("Your %(competency)s is below level 1; your role needs level %(target)d.") % {
            "competency": name,
            "target": target,
        }
    return _("Your %(competency)s is at level %(level)d; your role needs level %(target)d.") % {
        "competency": name,
        "level": current,
        "target": target,
    }


def courses_completed(person: Person) -> frozenset[str]:
    """Codes of the courses a person has completed, from their course evidence."""
    return frozenset(
        Evidence.objects.filter(
            person=person, source=Evidence.Source.COURSE, course__isnull=False
        ).values_list("course__code", flat=True)
    )


def pathway_build(profile: SkillProfile, *, today: datetime.date | None = None) -> Pathway:
    """The pathway for a person whose profile the caller may see."""
    person = profile.person
    today = today or timezone.localdate()
    needs: dict[Hashable, Need] = {
        row.competency.pk: Need(row.target_level, row.level, row.target.weight)
        for row in profile.rows
        if row.target is not None
    }
    reachable = reachable_sites(person, today)
    facts, courses, offerings = catalogue_facts(reachable, person.preferred_language)
    plan: Plan = pathway_plan(
        needs, facts, language=person.preferred_language, completed=courses_completed(person)
    )
    steps = []
    for item in plan.steps:
        if item.competency is not None:
            reason = reason_text(profile, item.competency, item.current, item.target)
        else:
            required_by = courses[item.prerequisite_for or ""]
            reason = _("Needed before %(course)s.") % {"course": pick(required_by.title)}
        steps.append(
            Step(
                course=courses[item.code],
                reason=reason,
                offering=offerings.get(item.code),
                reachable=facts[item.code].reachable,
                prerequisite_for=courses.get(item.prerequisite_for or ""),
            )
        )
    names: dict[Hashable, str] = {
        row.competency.pk: pick(row.competency.title) for row in profile.rows
    }
    return Pathway(profile, steps, [names[c] for c in plan.uncovered if c in names])


def pathway_for(user: User | object, person_id: Any) -> Pathway | None:
    """A person's pathway if the caller may see the person (staff reads are audited)."""
    person = person_get_for(user, person_id)
    if person is None:
        return None
    profile = skill_profile(person, with_evidence=False)
    return pathway_build(profile) if profile is not None else None
