"""The rule that gives each person a role profile, from their audience, grade and job title.

1. An override set by a programme administrator or training officer wins.
2. Otherwise every profile whose non-blank criteria all match the person is a candidate, and
   the most specific one wins: a matching grade band counts 4, a job family 2, an audience 1
   (ties: lower ``position``). So an ICT officer in job group K gets *ICT specialist*, a
   director in job group S gets *executive*, and a young person gets *youth trainee*.

Grade bands come from Kenya's job groups (and the CSG scale): S-U executive, P-R senior
manager, J-N officer, A-H support. The job family is *ict* when the job title contains one
of ``JOB_FAMILY_KEYWORDS``. The gap heatmap applies these same functions to each group of
staff, so the page and the rule cannot disagree.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

JOB_GROUPS_BY_BAND: dict[str, str] = {
    "executive": "STU",
    "senior": "PQR",
    "officer": "JKLMN",
    "support": "ABCDEFGH",
}
GRADE_BAND_LABELS = {
    "executive": _("executive (job groups S-U)"),
    "senior": _("senior manager (P-R)"),
    "officer": _("officer (J-N)"),
    "support": _("support staff (A-H)"),
    "": _("no grade recorded"),
}
# CSG 1 is the top of the scale (job group U), CSG 18 the bottom (B).
CSG_TO_JOB_GROUP = dict(zip(range(1, 19), "UTSRQPNMLKJHGFEDCB", strict=True))
JOB_FAMILY_KEYWORDS: dict[str, tuple[str, ...]] = {
    "ict": (
        "ict",
        "information technology",
        "systems",
        "cyber",
        "network",
        "software",
        "developer",
        "database",
        "data analyst",
        "data scientist",
        "data engineer",
        "computer",
    ),
}
WEIGHT_BAND, WEIGHT_FAMILY, WEIGHT_AUDIENCE = 4, 2, 1


def _spellings() -> dict[str, str]:
    """Every accepted way of writing a grade, upper-cased, mapped to its band."""
    by_group = {group: band for band, groups in JOB_GROUPS_BY_BAND.items() for group in groups}
    spellings: dict[str, str] = {}
    for group, band in by_group.items():
        for form in (group, f"JG {group}", f"JG-{group}", f"JOB GROUP {group}"):
            spellings[form] = band
    for number, group in CSG_TO_JOB_GROUP.items():
        for form in (f"CSG {number}", f"CSG-{number}", f"CSG{number}"):
            spellings[form] = by_group[group]
    return spellings


GRADE_SPELLINGS = _spellings()


def grade_band(grade: str) -> str:
    """The band of a grade as people write it ("P", "Job Group P", "CSG 6"); "" if unknown."""
    return GRADE_SPELLINGS.get(grade.strip().upper(), "")


def job_family(job_title: str) -> str:
    """The job family a title belongs to ("ict"), or "" for general roles."""
    lowered = job_title.lower()
    for family, keywords in JOB_FAMILY_KEYWORDS.items():
        if any(keyword in lowered for keyword in keywords):
            return family
    return ""


@dataclass(frozen=True)
class ProfileCriteria:
    """What a role profile asks of a person; blank means any."""

    key: object
    audience: str
    grade_band: str
    job_family: str
    position: int


def profile_choose(
    candidates: Iterable[ProfileCriteria], *, audience: str, band: str, family: str
) -> object | None:
    """The key of the most specific profile whose criteria all match, or None."""
    best: tuple[int, int] | None = None
    chosen: object | None = None
    for profile in candidates:
        if profile.audience and profile.audience != audience:
            continue
        if profile.grade_band and profile.grade_band != band:
            continue
        if profile.job_family and profile.job_family != family:
            continue
        score = (
            WEIGHT_BAND * bool(profile.grade_band)
            + WEIGHT_FAMILY * bool(profile.job_family)
            + WEIGHT_AUDIENCE * bool(profile.audience)
        )
        rank = (score, -profile.position)
        if best is None or rank > best:
            best, chosen = rank, profile.key
    return chosen
