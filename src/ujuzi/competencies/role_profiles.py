"""The shipped role profiles (``data/role-profiles.json``) and the reads that apply them.

A target is written either as a level or as ``[level, weight]``; the weight (default 1)
says how much a gap in that competency matters to the role when pathways are ranked.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from typing import Any

from django.db import transaction

from ujuzi.competencies.models import Competency, RoleProfile, RoleTarget
from ujuzi.competencies.profiles import ProfileCriteria, grade_band, job_family, profile_choose
from ujuzi.competencies.selectors import framework_current
from ujuzi.core.records import record_create, records_bulk_create

ROLE_PROFILES_FILE = "role-profiles.json"


def _source() -> dict[str, Any]:
    text = (resources.files("ujuzi.competencies") / "data" / ROLE_PROFILES_FILE).read_text(
        encoding="utf-8"
    )
    return dict(json.loads(text))


@transaction.atomic
def role_profiles_load() -> int:
    """Create the shipped role profiles that are missing (edited ones are left as they are)."""
    source = _source()
    framework = framework_current(source["framework"])
    if framework is None:
        raise RuntimeError(f"role profiles need the framework {source['framework']!r}")
    competencies = {
        item.uri_code: item
        for item in Competency.objects.filter(framework=framework, kind=Competency.Kind.COMPETENCY)
    }
    existing = set(RoleProfile.all_objects.values_list("code", flat=True))
    created = 0
    for position, entry in enumerate(source["profiles"]):
        if entry["code"] in existing:
            continue
        profile = record_create(
            RoleProfile(
                code=entry["code"],
                title=entry["title"],
                description=entry["description"],
                framework=framework,
                audience=entry["audience"],
                grade_band=entry["grade_band"],
                job_family=entry["job_family"],
                position=position,
            ),
            by=None,
            action="competencies.roleprofile.load",
        )
        targets = []
        for code, value in entry["targets"].items():
            level, weight = value if isinstance(value, list) else (value, 1)
            targets.append(
                RoleTarget(
                    role_profile=profile, competency=competencies[code], level=level, weight=weight
                )
            )
        records_bulk_create(targets, by=None, action="competencies.roletarget.load")
        created += 1
    return created


@dataclass(frozen=True)
class Target:
    """What a role needs in one competency."""

    level: int
    weight: int


@dataclass(frozen=True)
class RoleProfiles:
    """Every role profile with its targets, read once and applied to many people."""

    profiles: dict[Any, RoleProfile]
    targets: dict[Any, dict[Any, Target]]  # profile id → competency id → target

    def choose(
        self, *, audience: str, grade: str, job_title: str, override: Any = None
    ) -> tuple[RoleProfile | None, bool]:
        """A person's profile, and whether it was set by hand.

        The override wins when it names a live profile; otherwise the documented rule picks.
        """
        if override is not None and override in self.profiles:
            return self.profiles[override], True
        criteria = (
            ProfileCriteria(p.pk, p.audience, p.grade_band, p.job_family, p.position)
            for p in self.profiles.values()
        )
        key = profile_choose(
            criteria, audience=audience, band=grade_band(grade), family=job_family(job_title)
        )
        return self.profiles.get(key), False


def role_profiles_read() -> RoleProfiles:
    """All live role profiles and their targets (a handful of rows)."""
    profiles = {profile.pk: profile for profile in RoleProfile.objects.order_by("position")}
    targets: dict[Any, dict[Any, Target]] = {pk: {} for pk in profiles}
    for row in RoleTarget.objects.filter(role_profile_id__in=profiles).values_list(
        "role_profile_id", "competency_id", "level", "weight"
    ):
        targets[row[0]][row[1]] = Target(level=row[2], weight=row[3])
    return RoleProfiles(profiles=profiles, targets=targets)
