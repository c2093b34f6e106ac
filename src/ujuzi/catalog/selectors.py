"""Reads of the catalogue (public: courses hold no personal data)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet

from ujuzi.catalog.models import Course, CourseOutcome, CoursePrerequisite, Offering, Programme


@dataclass(frozen=True)
class CourseFilters:
    """What the course list may be narrowed by."""

    search: str = ""
    programme: str = ""
    mode: str = ""
    language: str = ""
    competency: str = ""


def programme_list() -> QuerySet[Programme]:
    """Every programme in catalogue order."""
    return Programme.objects.order_by("position", "code")


def _with_outcomes(courses: QuerySet[Course]) -> QuerySet[Course]:
    outcomes = CourseOutcome.objects.select_related("competency").order_by("competency__position")
    return courses.select_related("programme").prefetch_related(
        Prefetch("outcomes", queryset=outcomes)
    )


def course_list(filters: CourseFilters | None = None) -> QuerySet[Course]:
    """Courses narrowed by the filters, in catalogue order, with their outcomes."""
    filters = filters or CourseFilters()
    courses = Course.objects.all()
    if filters.search:
        for word in filters.search.split()[:5]:
            courses = courses.filter(
                Q(code__icontains=word)
                | Q(title__en__icontains=word)
                | Q(title__sw__icontains=word)
            )
    if filters.programme:
        courses = courses.filter(programme__code=filters.programme)
    if filters.mode:
        # JSON lists are matched as text: SQLite has no JSON containment lookup.
        courses = courses.filter(delivery_modes__icontains=f'"{filters.mode}"')
    if filters.language:
        courses = courses.filter(languages__icontains=f'"{filters.language}"')
    if filters.competency:
        courses = courses.filter(outcomes__competency__uri_code=filters.competency)
    return _with_outcomes(courses.distinct()).order_by("programme__position", "position", "code")


def course_get(code: str) -> Course | None:
    """One course with its outcomes, prerequisites and offerings."""
    prerequisites = CoursePrerequisite.objects.select_related("required").order_by(
        "required__position"
    )
    offerings = Offering.objects.select_related("site", "site__area").order_by("site__name")
    return (
        _with_outcomes(Course.objects.filter(code=code))
        .prefetch_related(
            Prefetch("prerequisites", queryset=prerequisites),
            Prefetch("offerings", queryset=offerings),
        )
        .first()
    )
