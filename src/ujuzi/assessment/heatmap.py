"""The gap heatmap of an institution's staff: competency by grade band.

One grouped query counts skill estimates by grade, job title, audience, hand-set role
profile, competency and level; each distinct group is placed in a grade band and given
its role profile's targets by the assignment rule itself (once per distinct grade and
title), and turned into gaps in Python. The Python work grows with the number of
distinct groups, not of staff.

A cell is the mean gap (target minus estimate, never below zero) of the staff in that band
whose role profile needs the competency and who have an estimate; it also says how many
staff need it and how many of them have been assessed.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count

from ujuzi.assessment.models import SkillEstimate
from ujuzi.competencies.models import Competency
from ujuzi.competencies.profiles import (
    GRADE_BAND_LABELS,
    JOB_GROUPS_BY_BAND,
    grade_band,
)
from ujuzi.competencies.role_profiles import role_profiles_read
from ujuzi.competencies.selectors import framework_current
from ujuzi.core.models import User
from ujuzi.people.models import Institution, Person
from ujuzi.people.policy import institution_filter, institution_subtree, scope_for

BANDS = (*JOB_GROUPS_BY_BAND, "")
DEFAULT_FRAMEWORK = "public-service-digital"


@dataclass
class Cell:
    """One competency in one grade band."""

    needed_by: int = 0
    assessed: int = 0
    gap_total: int = 0

    @property
    def mean_gap(self) -> float | None:
        """Mean gap of the assessed staff who need the competency (None: nobody assessed)."""
        return round(self.gap_total / self.assessed, 1) if self.assessed else None

    @property
    def shade(self) -> str:
        """A colour class for the cell; the number is always printed too."""
        gap = self.mean_gap
        if gap is None:
            return "none"
        return "0" if gap < 0.5 else "1" if gap < 1.5 else "2" if gap < 2.5 else "3"


@dataclass
class Heatmap:
    """Cells by competency and band, with the staff count of each band."""

    institution: Institution
    bands: list[tuple[str, str]]
    competencies: list[Competency]
    cells: dict[tuple[Any, str], Cell]
    staff: dict[str, int] = field(default_factory=dict)

    def rows(self) -> Iterable[tuple[Competency, list[Cell]]]:
        """Each competency with its cells in band order."""
        for competency in self.competencies:
            yield competency, [self.cells.get((competency.pk, b), Cell()) for b, _ in self.bands]


def _staff_groups(institution_ids: frozenset[Any]) -> Any:
    return (
        Person.objects.filter(institution_id__in=institution_ids)
        .values("grade", "job_title", "audience", "role_profile_override__role_profile_id")
        .annotate(n=Count("id"))
        .order_by()
    )


def _estimate_groups(institution_ids: frozenset[Any]) -> Any:
    # Grouped on the raw columns: banding every row in SQL costs more than the grouping.
    return (
        SkillEstimate.objects.filter(person__institution_id__in=institution_ids)
        .values_list(
            "person__grade",
            "person__job_title",
            "person__audience",
            "person__role_profile_override__role_profile_id",
            "competency_id",
            "level",
        )
        .annotate(n=Count("id"))
        .order_by()
    )


def heatmap_build(institution: Institution) -> Heatmap:
    """The heatmap of an institution and the institutions under it."""
    framework = framework_current(DEFAULT_FRAMEWORK)
    competencies = list(
        Competency.objects.filter(framework=framework, kind=Competency.Kind.COMPETENCY).order_by(
            "position"
        )
    )
    profiles = role_profiles_read()
    subtree = institution_subtree([institution.pk])

    @functools.cache
    def placed(grade: str, title: str, audience: str, override: Any) -> tuple[str, dict[Any, Any]]:
        """The grade band and the targets of people with these attributes."""
        profile, _by_hand = profiles.choose(
            audience=audience, grade=grade, job_title=title, override=override
        )
        return grade_band(grade), (profiles.targets.get(profile.pk, {}) if profile else {})

    cells: dict[tuple[Any, str], Cell] = defaultdict(Cell)
    staff: dict[str, int] = defaultdict(int)
    for group in _staff_groups(subtree):
        band, needs = placed(
            group["grade"],
            group["job_title"],
            group["audience"],
            group["role_profile_override__role_profile_id"],
        )
        staff[band] += group["n"]
        for competency_id in needs:
            cells[(competency_id, band)].needed_by += group["n"]
    for grade, title, audience, override, competency_id, level, n in _estimate_groups(subtree):
        band, needs = placed(grade, title, audience, override)
        target = needs.get(competency_id)
        if target is None:
            continue
        cell = cells[(competency_id, band)]
        cell.assessed += n
        cell.gap_total += max(0, target.level - level) * n
    bands = [(band, str(GRADE_BAND_LABELS[band])) for band in BANDS if staff.get(band)]
    return Heatmap(institution, bands, competencies, dict(cells), dict(staff))


def heatmap_for(user: User | object, institution_id: Any) -> Heatmap | None:
    """The heatmap if the caller may see the institution's people; otherwise None (404).

    Programme administrators see any institution; a training officer sees their own
    institutions only; other roles see none.
    """
    scope = scope_for(user)
    if not scope.sees_skills_gaps:
        return None
    institution = (
        Institution.objects.filter(institution_filter(scope)).filter(pk=institution_id).first()
    )
    return heatmap_build(institution) if institution is not None else None
