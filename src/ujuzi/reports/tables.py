"""The shapes a report takes: the filters of a request, and the table of cells it returns.

These frozen dataclasses are the contract between the reports engine (``services``), the
dashboards, the API and the exports. A ``Cell`` that is suppressed carries no number at all,
so no page, export or API response can leak one by accident.
"""

from __future__ import annotations

import calendar
import datetime
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ujuzi.reports.catalogue import Indicator

AREA_KEY = re.compile(r"^[A-Z]{2}(-[A-Z0-9]+)+$")
SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]{0,59}$")
SITE_KINDS = ("campus", "community_centre", "mobile_lab", "online")
FILTER_NAMES = (
    "period",
    "period_start",
    "period_end",
    "county",
    "track",
    "site_kind",
    "institution",
)


def period_bounds(text: str) -> tuple[datetime.date, datetime.date]:
    """The first and last day of a year ("2025"), quarter ("2025-Q1") or month ("2025-03")."""
    match = re.fullmatch(r"(\d{4})(?:-(?:Q([1-4])|(\d{2})))?", text.strip().upper())
    if not match:
        raise ValueError(f"not a year, quarter or month: {text[:20]!r}")
    year = int(match.group(1))
    if match.group(2):
        first_month, last_month = 3 * int(match.group(2)) - 2, 3 * int(match.group(2))
    elif match.group(3):
        first_month = last_month = int(match.group(3))
        if not 1 <= first_month <= 12:
            raise ValueError(f"no such month: {text[:20]!r}")
    else:
        first_month, last_month = 1, 12
    last_day = calendar.monthrange(year, last_month)[1]
    return datetime.date(year, first_month, 1), datetime.date(year, last_month, last_day)


@dataclass(frozen=True)
class Filters:
    """Which records a table counts: a period (inclusive dates) and at most one of each."""

    period_start: datetime.date | None = None
    period_end: datetime.date | None = None
    county: str | None = None
    track: str | None = None
    site_kind: str | None = None
    institution: uuid.UUID | None = None

    def __post_init__(self) -> None:
        """Reject impossible combinations however the filters were built."""
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError(_("The period cannot end before it starts."))

    @classmethod
    def from_query(cls, query: Mapping[str, Any]) -> Filters:
        """Filters from a query string (a QueryDict or a plain dict), validated.

        ``period`` (a year, quarter or month) is a short way to give both dates. Unknown
        parameters other than the table's own (``by``, ``format``, ``page``…) are
        ignored by the caller; here each known one is checked and a ``ValidationError``
        names the parameter that is wrong.
        """
        values: dict[str, Any] = {}
        problems: dict[str, str] = {}

        def text(name: str) -> str:
            getter = getattr(query, "getlist", None)
            raw = getter(name) if getter is not None else query.get(name)
            if isinstance(raw, list | tuple):
                if len(raw) > 1:
                    problems[name] = _("Give %(name)s once.") % {"name": name}
                raw = raw[0] if raw else ""
            return str(raw if raw is not None else "").strip()

        period = text("period")
        if period:
            try:
                values["period_start"], values["period_end"] = period_bounds(period)
            except ValueError:
                problems["period"] = _(
                    "period must be a year (2025), a quarter (2025-Q1) or a month (2025-03)."
                )
        for name in ("period_start", "period_end"):
            raw = text(name)
            if raw:
                try:
                    values[name] = datetime.date.fromisoformat(raw)
                except ValueError:
                    problems[name] = _("%(name)s must be a date written YYYY-MM-DD.") % {
                        "name": name
                    }
        county = text("county")
        if county:
            if len(county) > 40 or not AREA_KEY.match(county.upper()):
                problems["county"] = _("county must be an area key such as KE-047.")
            else:
                values["county"] = county.upper()
        track = text("track")
        if track:
            if not SLUG.match(track):
                problems["track"] = _("track must be a track code (letters, digits, dashes).")
            else:
                values["track"] = track
        site_kind = text("site_kind")
        if site_kind:
            if site_kind not in SITE_KINDS:
                problems["site_kind"] = _("site_kind must be one of: %(kinds)s.") % {
                    "kinds": ", ".join(SITE_KINDS)
                }
            else:
                values["site_kind"] = site_kind
        institution = text("institution")
        if institution:
            try:
                values["institution"] = uuid.UUID(institution)
            except ValueError:
                problems["institution"] = _("institution must be an institution's id.")
        if (
            values.get("period_start")
            and values.get("period_end")
            and values["period_end"] < values["period_start"]
        ):
            problems["period_end"] = _("The period cannot end before it starts.")
        if problems:
            raise ValidationError(problems)
        return cls(**values)

    def as_query(self) -> str:
        """The filters as a query string (without ``?``), empty when nothing is filtered."""
        pairs = [(name, str(value)) for name, value in self.items()]
        return urlencode(pairs)

    def items(self) -> list[tuple[str, Any]]:
        """The filters that are set, in a stable order."""
        return [
            (field.name, getattr(self, field.name))
            for field in fields(self)
            if getattr(self, field.name) not in (None, "")
        ]

    @property
    def is_empty(self) -> bool:
        """True when nothing narrows the table."""
        return not self.items()


@dataclass(frozen=True)
class Cell:
    """One figure: a count, a proportion (with its Wilson 95% interval) or a mean.

    For a count, ``numerator`` and ``value`` hold it and ``denominator`` is None. A
    suppressed cell has every number None.
    """

    numerator: int | None
    denominator: int | None
    value: float | None
    low: float | None = None
    high: float | None = None
    suppressed: bool = False

    @classmethod
    def hidden(cls) -> Cell:
        """A suppressed cell: no numbers at all."""
        return cls(None, None, None, None, None, suppressed=True)


@dataclass(frozen=True)
class Row:
    """One line of a table: the dimension keys and their labels, and the figure."""

    keys: tuple[str, ...]
    labels: tuple[str, ...]
    cell: Cell


@dataclass(frozen=True)
class Table:
    """An indicator broken down ``by`` some dimensions, as one viewer may see it."""

    indicator: Indicator
    by: tuple[str, ...]
    rows: tuple[Row, ...]
    total: Cell
    filters: Filters
    suppressed: bool
    threshold: int
