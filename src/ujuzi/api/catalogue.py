"""Competency frameworks and courses over the API (no personal data)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from ujuzi.api.auth import scoped
from ujuzi.api.pagination import LimitOffset
from ujuzi.catalog import selectors as catalog_selectors
from ujuzi.competencies import selectors as competency_selectors

router = Router(tags=["catalogue"])


class BilingualText(Schema):
    """A text in English and Kiswahili."""

    en: str = ""
    sw: str = ""


class LevelOut(Schema):
    """A step of a framework's scale."""

    number: int
    label: BilingualText


class FrameworkOut(Schema):
    """One version of a competency framework."""

    slug: str
    version: str
    status: str
    title: BilingualText
    uri: str
    levels: list[LevelOut]

    @staticmethod
    def resolve_uri(framework: Any) -> str:
        """The framework's public page."""
        return f"/competencies/{framework.slug}/"

    @staticmethod
    def resolve_levels(framework: Any) -> list[Any]:
        """The scale, lowest first."""
        return list(framework.levels.all())


class OutcomeOut(Schema):
    """A competency a course develops and the level it brings a learner to."""

    competency: str
    level: int


class CourseOut(Schema):
    """A course of the catalogue."""

    code: str
    programme: str
    title: BilingualText
    summary: BilingualText
    duration_hours: int
    delivery_modes: list[str]
    languages: list[str]
    audience: str
    executive: bool
    partner_track: str
    partner_level: str
    outcomes: list[OutcomeOut]

    @staticmethod
    def resolve_programme(course: Any) -> str:
        """The programme's code."""
        return str(course.programme.code)

    @staticmethod
    def resolve_outcomes(course: Any) -> list[dict[str, Any]]:
        """Outcomes by competency code."""
        return [
            {"competency": o.competency.uri_code, "level": o.level} for o in course.outcomes.all()
        ]


@router.get(
    "/frameworks",
    response=list[FrameworkOut],
    auth=scoped("catalogue:read"),
    summary="List competency frameworks",
)
@paginate(LimitOffset)
def framework_list(request: HttpRequest) -> Any:
    """Every framework version with its scale."""
    return competency_selectors.framework_list().prefetch_related("levels")


@router.get(
    "/courses",
    response=list[CourseOut],
    auth=scoped("catalogue:read"),
    summary="List courses",
)
@paginate(LimitOffset)
def course_list(
    request: HttpRequest,
    q: str = "",
    programme: str = "",
    mode: str = "",
    language: str = "",
    competency: str = "",
) -> Any:
    """Courses in catalogue order; filter by programme, delivery mode, language or competency."""
    filters = catalog_selectors.CourseFilters(
        search=q[:100],
        programme=programme[:80],
        mode=mode[:20],
        language=language[:2],
        competency=competency[:120],
    )
    return catalog_selectors.course_list(filters)
