"""Operator-editable mappings: grade bands, urban counties and technical programmes.

The defaults ship in ``data/mappings.json``. An operator who wants other bands or another
urban/rural classification copies that file, edits it and sets ``UJUZI_REPORTS_MAPPINGS``
to the copy's path; every key left out of the copy keeps its default. The facts are
rebuilt with the new mappings at the next refresh (``ujuzi report refresh``). The smallest
cell published is ``UJUZI_REPORTS_MIN_CELL`` (default 5). Both are read through
``ujuzi.config`` (``settings.UJUZI``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings

DEFAULTS = Path(__file__).parent / "data" / "mappings.json"
AGE_BANDS: tuple[tuple[str, int, int | None], ...] = (
    ("15-24", 15, 24),
    ("25-34", 25, 34),
    ("35-44", 35, 44),
    ("45-54", 45, 54),
    ("55+", 55, None),
)
UNDER_15 = "under-15"


class MappingError(ValueError):
    """The mappings file is missing or malformed; the message says where."""


@dataclass(frozen=True)
class Mappings:
    """The mappings in force."""

    grade_bands: dict[str, str]
    grade_band_labels: dict[str, str]
    urban_areas: frozenset[str]
    technical_programmes: tuple[str, ...]


def _read(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise MappingError(f"cannot read the reports mappings {path}: {error}") from error
    if not isinstance(data, dict):
        raise MappingError(f"{path}: the mappings must be a JSON object")
    return data


def mappings() -> Mappings:
    """The defaults overlaid with the operator's file (``UJUZI_REPORTS_MAPPINGS``)."""
    return _mappings(str(getattr(settings.UJUZI, "reports_mappings", "") or ""))


@cache
def _mappings(override: str) -> Mappings:
    data = _read(DEFAULTS)
    if override:
        data.update(_read(Path(override)))
    try:
        bands = {str(k).strip().upper(): str(v) for k, v in dict(data["grade_bands"]).items()}
        labels = {str(k): str(v) for k, v in dict(data["grade_band_labels"]).items()}
        unknown = sorted(set(bands.values()) - set(labels))
        if unknown:
            raise MappingError(f"grade bands without a label: {', '.join(unknown)}")
        return Mappings(
            grade_bands=bands,
            grade_band_labels=labels,
            urban_areas=frozenset(str(key) for key in data["urban_areas"]),
            technical_programmes=tuple(str(code) for code in data["technical_programmes"]),
        )
    except (KeyError, TypeError, ValueError) as error:
        if isinstance(error, MappingError):
            raise
        raise MappingError(f"the reports mappings are malformed: {error!r}") from error


def minimum_cell() -> int:
    """The smallest count of people a published cell may show (``UJUZI_REPORTS_MIN_CELL``)."""
    return int(getattr(settings.UJUZI, "reports_min_cell", 5))
