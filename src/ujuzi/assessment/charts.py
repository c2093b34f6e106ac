"""The skill-gap chart as plain SVG numbers, so that the page needs no script.

Each competency is a row: a bar for the estimated level and a mark at the target level.
The page shows the same figures in a table for screen readers and for printing.
"""

from __future__ import annotations

from dataclasses import dataclass

from ujuzi.assessment.selectors import SkillProfile
from ujuzi.core.bilingual import pick

ROW_HEIGHT = 34
LABEL_HEIGHT = 14
BAR_HEIGHT = 12
LEFT = 8
WIDTH = 320


@dataclass(frozen=True)
class Bar:
    """One row of the chart in SVG coordinates."""

    label: str
    label_y: int
    bar_y: int
    bar_width: float
    target_x: float | None
    has_gap: bool


@dataclass(frozen=True)
class Chart:
    """The whole chart."""

    width: int
    height: int
    scale: list[tuple[int, float]]  # (level, x) for the grid lines
    bars: list[Bar]


def gap_chart(profile: SkillProfile) -> Chart:
    """Bars for the competencies the role needs, in framework order."""
    span = WIDTH - 2 * LEFT
    step = span / max(profile.top, 1)
    bars = []
    for index, row in enumerate(r for r in profile.rows if r.target is not None):
        top = index * ROW_HEIGHT
        bars.append(
            Bar(
                label=pick(row.competency.title),
                label_y=top + LABEL_HEIGHT - 2,
                bar_y=top + LABEL_HEIGHT + 2,
                bar_width=round(row.level * step, 1),
                target_x=round(LEFT + row.target_level * step, 1),
                has_gap=row.gap > 0,
            )
        )
    scale = [(level, round(LEFT + level * step, 1)) for level in range(profile.top + 1)]
    return Chart(WIDTH, max(len(bars), 1) * ROW_HEIGHT + 16, scale, bars)
