"""Indicator charts as plain SVG numbers, so that a dashboard needs no script.

One horizontal bar per row of an indicator table: a proportion is drawn from 0 to 100 %
with a whisker for its Wilson 95 % confidence interval, a count from 0 to the largest
count. A hidden (suppressed) cell gets no bar, only the words that say why. The page
shows the same figures in a table beside the chart, for screen readers and for printing.

Coordinates are handed to the template as ready-made strings: a template localises
numbers, and "12,5" is no SVG coordinate. Figures meant for people are formatted here in
the reader's language, with the grouping Kenya uses in both languages (12,345.6).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.utils import formats
from django.utils.translation import gettext as _

from ujuzi.reports.tables import Cell, Table

WIDTH = 320
LEFT = 12
RIGHT = 16
ROW_HEIGHT = 34
LABEL_HEIGHT = 13
BAR_HEIGHT = 12
TOP = 4
AXIS_HEIGHT = 16
LABEL_CHARACTERS = 30
# Colours, checked against the white page (WCAG 2.2: 3:1 for graphics, 4.5:1 for text).
BAR_FILL = "#3a8a62"  # 4.2:1 on white, 4.1:1 against the whisker drawn over it
WHISKER = "#1b1b1b"  # 17:1
TEXT = "#1b1b1b"
MUTED = "#4a4a4a"  # 8.9:1
GRID = "#767676"  # 4.5:1
REFERENCE = "#b00020"  # 7.3:1, the alert line


def number_text(value: float, decimals: int = 0) -> str:
    """A number in the reader's language, grouped in threes (12,345.6)."""
    text = f"{value:,.{decimals}f}"
    decimal = str(formats.get_format("DECIMAL_SEPARATOR"))
    thousands = str(formats.get_format("THOUSAND_SEPARATOR")) or ","
    return text.replace(",", "\0").replace(".", decimal).replace("\0", thousands)


def percent_text(share: float, decimals: int = 1) -> str:
    """A share from 0 to 1 as a percentage in the reader's language."""
    return _("%(number)s%%") % {"number": number_text(share * 100, decimals)}


def suppressed_text() -> str:
    """What a hidden cell shows instead of its figures."""
    return _("hidden (small number)")


def value_text(cell: Cell, unit: str) -> str:
    """The figure of a cell as a reader sees it."""
    if cell.suppressed:
        return suppressed_text()
    if cell.value is None:
        return _("no data")
    if unit == "proportion":
        return percent_text(cell.value)
    if unit == "mean":
        return number_text(cell.value, 2)
    return number_text(cell.value)


def interval_text(cell: Cell, unit: str) -> str:
    """The 95 % confidence interval of a proportion ("38.0% to 47.1%"), or nothing."""
    if unit != "proportion" or cell.suppressed or cell.low is None or cell.high is None:
        return ""
    return _("%(low)s to %(high)s") % {
        "low": percent_text(cell.low),
        "high": percent_text(cell.high),
    }


def count_text(count: int | None) -> str:
    """A count of people, or a dash when the cell is hidden or has none."""
    return "—" if count is None else number_text(count)


@dataclass(frozen=True)
class ChartRow:
    """One bar in SVG coordinates (strings, never localised) and its words."""

    label: str
    value: str
    suppressed: bool
    label_y: str
    bar_y: str
    bar_width: str
    whisker: tuple[str, str, str] | None  # x from, x to, y
    value_x: str


@dataclass(frozen=True)
class Tick:
    """A grid line and its label."""

    x: str
    label: str


@dataclass(frozen=True)
class Chart:
    """A whole chart: its accessible name and description, bars and scale."""

    id: str
    title: str
    description: str
    width: int
    height: int
    axis_y: str
    rows: tuple[ChartRow, ...]
    ticks: tuple[Tick, ...]
    reference: Tick | None
    colours: dict[str, str]


def _coordinate(value: float) -> str:
    return f"{value:.1f}"


def _nice_top(largest: float) -> float:
    """A round upper end for a count scale (1, 2 or 5 times a power of ten)."""
    if largest <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(largest))
    for step in (1, 2, 5, 10):
        if largest <= step * power:
            return float(step * power)
    return float(10 * power)  # pragma: no cover - the loop always returns


def _label(row_labels: tuple[str, ...]) -> str:
    text = " · ".join(row_labels) or _("All")
    if len(text) > LABEL_CHARACTERS:
        return text[: LABEL_CHARACTERS - 1] + "…"
    return text


def _description(table: Table, hidden: int) -> str:
    unit = table.indicator.unit
    if unit == "proportion":
        shape = _(
            "One bar per row, from 0%% to 100%%; a line across each bar shows its 95%% "
            "confidence interval."
        ).replace("%%", "%")
    else:
        shape = _("One bar per row; longer bars are larger figures.")
    parts = [shape, _("The table with the chart gives the same figures.")]
    if hidden:
        parts.append(
            _("%(count)s rows are hidden because they count too few people.")
            % {"count": number_text(hidden)}
        )
    return " ".join(parts)


def table_chart(
    table: Table, *, chart_id: str, title: str, reference: float | None = None
) -> Chart:
    """The bar chart of an indicator table's rows (the total when it has no rows).

    ``reference`` draws a line at that share, e.g. the 40 % conversion line.
    """
    unit = table.indicator.unit
    rows = table.rows or ()
    cells: list[tuple[tuple[str, ...], Cell]] = [(row.labels, row.cell) for row in rows]
    if not cells:
        cells = [((), table.total)]
    span = WIDTH - LEFT - RIGHT
    proportion = unit == "proportion"
    if proportion:
        top = 1.0
    else:
        top = _nice_top(max((c.value or 0.0 for _, c in cells if not c.suppressed), default=0))
    scale = span / top
    chart_rows = []
    for index, (labels, cell) in enumerate(cells):
        y = TOP + index * ROW_HEIGHT
        bar_y = y + LABEL_HEIGHT + 3
        shown = not cell.suppressed and cell.value is not None
        width = min(max(cell.value or 0.0, 0.0), top) * scale if shown else 0.0
        whisker = None
        if shown and proportion and cell.low is not None and cell.high is not None:
            whisker = (
                _coordinate(LEFT + cell.low * scale),
                _coordinate(LEFT + cell.high * scale),
                _coordinate(bar_y + BAR_HEIGHT / 2),
            )
        chart_rows.append(
            ChartRow(
                label=_label(labels),
                value=value_text(cell, unit),
                suppressed=not shown,
                label_y=_coordinate(y + LABEL_HEIGHT - 2),
                bar_y=_coordinate(bar_y),
                bar_width=_coordinate(width),
                whisker=whisker,
                value_x=_coordinate(WIDTH - RIGHT),
            )
        )
    axis_y = TOP + len(chart_rows) * ROW_HEIGHT
    fractions = (0.0, 0.25, 0.5, 0.75, 1.0) if proportion else (0.0, 0.5, 1.0)
    ticks = tuple(
        Tick(
            x=_coordinate(LEFT + fraction * span),
            label=percent_text(fraction, 0) if proportion else number_text(fraction * top),
        )
        for fraction in fractions
    )
    line = None
    if reference is not None and proportion:
        line = Tick(x=_coordinate(LEFT + reference * span), label=percent_text(reference, 0))
    hidden = sum(1 for row in chart_rows if row.suppressed)
    return Chart(
        id=chart_id,
        title=title,
        description=_description(table, hidden),
        width=WIDTH,
        height=axis_y + AXIS_HEIGHT,
        axis_y=_coordinate(axis_y),
        rows=tuple(chart_rows),
        ticks=ticks,
        reference=line,
        colours={
            "bar": BAR_FILL,
            "whisker": WHISKER,
            "text": TEXT,
            "muted": MUTED,
            "grid": GRID,
            "reference": REFERENCE,
        },
    )
