"""The gap heatmap of an institution's staff: competency × grade band.

One grouped query counts skill estimates by grade band, job family, audience, hand-set
role profile, competency and level (the band and family are computed in SQL from the same
tables as the assignment rule); the few hundred groups that come back are turned into
gaps in Python. The work grows with the number of groups, not of staff, so 10,000 staff
cost about what 100 do beyond the one query.

A cell is the mean gap (target minus estimate, never below zero) of the staff in that band
whose role profile needs the competency and who have an estimate; it also says how many
staff need it and how many of them have been assessed.
"""

from __future__ import annotations

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
    grade_band_expression,
    job_family_expression,
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
        .annotate(band=grade_band_expression("grade"), family=job_family_expression("job_title"))
        .values("band", "family", "audience", "role_profile_override__role_profile_id")
        .annotate(n=Count("id"))
        .order_by()
    )


def _estimate_groups(institution_ids: frozenset[Any]) -> Any:
    return (
        SkillEstimate.objects.filter(person__institution_id__in=institution_ids)
        .annotate(
            band=grade_band_expression("person__grade"),
            family=job_family_expression("person__job_title"),
        )
        .values(
            "band",
            "family",
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

    def targets_for(band: str, family: str, audience: str, override: Any) -> dict[Any, Any]:
        profile = profiles.profiles.get(override) if override else None
        profile = profile or profiles.choose_by_band(audience=audience, band=band, family=family)
        return profiles.targets.get(profile.pk, {}) if profile else {}

    cells: dict[tuple[Any, str], Cell] = defaultdict(Cell)
    staff: dict[str, int] = defaultdict(int)
    for group in _staff_groups(subtree):
        band = group["band"]
        staff[band] += group["n"]
        needs = targets_for(band, group["family"], group["audience"], group[
            "role_profile_override__role_profile_id"
        ])
        for competency_id in needs:
            cells[(competency_id, band)].needed_by += group["n"]
    for group in _estimate_groups(subtree):
        needs = targets_for(
            group["band"],
            group["family"],
            group["person__audience"],
            group["person__role_profile_override__role_profile_id"],
        )
        target = needs.get(group["competency_id"])
        if target is None:
            continue
        cell = cells[(group["competency_id"], group["band"])]
        cell.assessed += group["n"]
        cell.gap_total += max(0, target.level - group["level"]) * group["n"]
    bands = [(band, str(GRADE_BAND_LABELS[band])) for band in BANDS if staff.get(band)]
    return Heatmap(institution, bands, competencies, dict(cells), dict(staff))


def heatmap_for(user: User | object, institution_id: Any) -> Heatmap | None:
    """The heatmap if the caller may see the institution's people; otherwise None (404).

    Programme administrators see any institution; a training officer sees their own
    institutions only; other roles see none.
    """
    scope = scope_for(user)
    if not (scope.has("programme_admin") or scope.has("training_officer")):
        return None
    institution = (
        Institution.objects.filter(institution_filter(scope)).filter(pk=institution_id).first()
    )
    return heatmap_build(institution) if institution is not None else None
