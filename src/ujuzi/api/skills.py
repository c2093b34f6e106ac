"""Skill profiles, pathways and gap heatmaps over the API, scoped exactly like the pages."""

from __future__ import annotations

import uuid
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from ujuzi.api.auth import scoped
from ujuzi.assessment.heatmap import heatmap_for
from ujuzi.assessment.recommend import pathway_for
from ujuzi.assessment.selectors import skill_profile_for
from ujuzi.core.bilingual import pick

router = Router(tags=["skills"])

NOT_FOUND = "Not found."


class EvidenceOut(Schema):
    """One piece of evidence behind an estimate."""

    source: str
    level: int
    confidence: float
    observed_at: str


class SkillOut(Schema):
    """One competency of a skill profile."""

    competency: str
    uri: str
    title: str
    target: int
    weight: int
    estimate: int | None
    confidence: float | None
    gap: int
    evidence: list[EvidenceOut]


class ProfileOut(Schema):
    """A person's role profile, estimates and gaps."""

    person: uuid.UUID
    framework: str
    role_profile: str | None
    role_profile_set_by_hand: bool
    skills: list[SkillOut]


class PathwayStepOut(Schema):
    """One recommended course."""

    course: str
    title: str
    reason: str
    prerequisite_for: str | None
    site: str | None
    reachable: bool


class PathwayOut(Schema):
    """A person's recommended courses in order."""

    person: uuid.UUID
    steps: list[PathwayStepOut]
    uncovered: list[str]


class HeatmapCellOut(Schema):
    """One competency in one grade band."""

    competency: str
    grade_band: str
    needed_by: int
    assessed: int
    mean_gap: float | None


class HeatmapOut(Schema):
    """An institution's gap heatmap."""

    institution: str
    staff_by_grade_band: dict[str, int]
    cells: list[HeatmapCellOut]


@router.get(
    "/people/{person_id}/profile",
    response=ProfileOut,
    auth=scoped("skills:read"),
    summary="A person's skill profile",
)
def person_profile(request: HttpRequest, person_id: uuid.UUID) -> Any:
    """Estimates, evidence and gaps of a person in the token's scope; anyone else is 404."""
    profile = skill_profile_for(request.user, person_id)
    if profile is None:
        raise HttpError(404, NOT_FOUND)
    return {
        "person": profile.person.pk,
        "framework": profile.framework.slug,
        "role_profile": profile.role_profile.code if profile.role_profile else None,
        "role_profile_set_by_hand": profile.overridden,
        "skills": [
            {
                "competency": row.competency.uri_code,
                "uri": f"/competencies/{profile.framework.slug}/{row.competency.uri_code}/",
                "title": pick(row.competency.title, "en"),
                "target": row.target_level,
                "weight": row.target.weight if row.target else 0,
                "estimate": row.estimate.level if row.estimate else None,
                "confidence": row.estimate.confidence if row.estimate else None,
                "gap": row.gap,
                "evidence": [
                    {
                        "source": item.source,
                        "level": item.level,
                        "confidence": item.confidence,
                        "observed_at": item.observed_at.isoformat(),
                    }
                    for item in row.evidence
                ],
            }
            for row in profile.rows
        ],
    }


@router.get(
    "/people/{person_id}/pathway",
    response=PathwayOut,
    auth=scoped("skills:read"),
    summary="A person's learning pathway",
)
def person_pathway(request: HttpRequest, person_id: uuid.UUID) -> Any:
    """Recommended courses for a person in the token's scope, in order, with reasons."""
    pathway = pathway_for(request.user, person_id)
    if pathway is None:
        raise HttpError(404, NOT_FOUND)
    return {
        "person": pathway.profile.person.pk,
        "steps": [
            {
                "course": step.course.code,
                "title": pick(step.course.title),
                "reason": step.reason,
                "prerequisite_for": step.prerequisite_for.code if step.prerequisite_for else None,
                "site": step.offering.site.code if step.offering else None,
                "reachable": step.reachable,
            }
            for step in pathway.steps
        ],
        "uncovered": pathway.uncovered,
    }


@router.get(
    "/institutions/{institution_id}/skills-gap",
    response=HeatmapOut,
    auth=scoped("skills:read"),
    summary="An institution's gap heatmap",
)
def institution_heatmap(request: HttpRequest, institution_id: uuid.UUID) -> Any:
    """Mean gap by competency and grade band, for administrators and the institution's officers."""
    heatmap = heatmap_for(request.user, institution_id)
    if heatmap is None:
        raise HttpError(404, NOT_FOUND)
    codes = {c.pk: c.uri_code for c in heatmap.competencies}
    return {
        "institution": heatmap.institution.code,
        "staff_by_grade_band": {band or "unknown": n for band, n in heatmap.staff.items()},
        "cells": [
            {
                "competency": codes[competency_id],
                "grade_band": band or "unknown",
                "needed_by": cell.needed_by,
                "assessed": cell.assessed,
                "mean_gap": cell.mean_gap,
            }
            for (competency_id, band), cell in sorted(
                heatmap.cells.items(), key=lambda item: (codes.get(item[0][0], ""), item[0][1])
            )
            if competency_id in codes
        ],
    }
