"""A table as CSV, XLSX or JSON: the same figures the page shows, suppressed the same way.

A suppressed cell is written as the word the page uses ("suppressed"), never as a number.
The files open straight into a data frame or a spreadsheet's filter: the column header is
the first line (CSV) or row (XLSX), the total is the last row, and nothing else is in the
table. What describes the table (indicator, definition, filters, the suppression note, when
it was made) is on the workbook's second sheet ("About"); a CSV file carries the figures
only: its file name names the indicator and breakdown, and the page, the XLSX and the JSON
carry the rest (a second file would have to travel with it, and one row of text above the
header is what breaks ``read_csv``).

Labels come from records (institution and county names). In CSV, a label that a spreadsheet
would run as a formula is written with a leading apostrophe (``core.spreadsheets``); XLSX
cells holding text are typed as strings, so they read back exactly as given and are never
formulas.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook  # type: ignore[import-untyped]  # ships no type information
from openpyxl.cell import WriteOnlyCell  # type: ignore[import-untyped]
from openpyxl.styles import Font  # type: ignore[import-untyped]

from ujuzi.core.spreadsheets import neutralise
from ujuzi.reports.catalogue import DIMENSIONS
from ujuzi.reports.tables import Cell, Table

SUPPRESSED = "suppressed"


def _header(table: Table) -> list[str]:
    dims = [str(DIMENSIONS[d].name) for d in table.by] or [""]
    if table.indicator.unit in ("proportion", "mean"):
        return [*dims, _("numerator"), _("denominator"), _("value"), _("95% low"), _("95% high")]
    return [*dims, _("count")]


def _numbers(table: Table, cell: Cell) -> list[Any]:
    if table.indicator.unit in ("proportion", "mean"):
        if cell.suppressed:
            return [SUPPRESSED] * 5
        return [cell.numerator, cell.denominator, cell.value, cell.low, cell.high]
    return [SUPPRESSED if cell.suppressed else cell.numerator]


def _lines(table: Table) -> list[list[Any]]:
    lines: list[list[Any]] = [[*row.labels, *_numbers(table, row.cell)] for row in table.rows]
    padding = [""] * (len(table.by) - 1) if table.by else []
    lines.append([_("total"), *padding, *_numbers(table, table.total)])
    return lines


def _about(table: Table) -> list[list[str]]:
    """What the figures are, as label and value: the XLSX's second sheet."""
    lines = [
        [_("Indicator"), str(table.indicator.name)],
        [_("Code"), table.indicator.code],
        [_("Definition"), str(table.indicator.definition)],
        [_("Filters"), table.filters.as_query()],
    ]
    if table.suppressed:
        note = _("Cells counting fewer than %(n)s people are suppressed.")
        lines.append([_("Suppression"), note % {"n": table.threshold}])
    lines.append([_("Generated at"), timezone.localtime().isoformat(timespec="seconds")])
    return lines


def _csv(lines: list[list[Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    for line in lines:
        writer.writerow(
            [
                neutralise(value) if isinstance(value, str) else "" if value is None else value
                for value in line
            ]
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def table_csv(table: Table) -> bytes:
    """The table as UTF-8 CSV (with a byte-order mark, so spreadsheets read the accents).

    The header is the first line; the title, filters and suppression note are not in the
    file (see the module docstring).
    """
    return _csv([_header(table), *_lines(table)])


def tables_csv(tables: Sequence[Table]) -> bytes:
    """Several tables as one CSV (the command line's), its header the first line.

    A first column names the indicator; the figure columns are a proportion's (numerator,
    denominator, value, 95% low, 95% high), a count filling the numerator alone, as in the
    JSON. The tables share one breakdown (the command asks for one).
    """
    if len({table.by for table in tables}) > 1:
        raise ValueError("the tables of one CSV file share one breakdown")
    by = tables[0].by if tables else ()
    dims = [str(DIMENSIONS[d].name) for d in by] or [""]
    figures = [_("numerator"), _("denominator"), _("value"), _("95% low"), _("95% high")]
    lines: list[list[Any]] = [[_("indicator"), *dims, *figures]]
    for table in tables:
        for line in _lines(table):
            padding = [""] * (len(dims) + len(figures) - len(line))
            lines.append([table.indicator.code, *line, *padding])
    return _csv(lines)


def table_xlsx(table: Table) -> bytes:
    """The table as an XLSX workbook: the figures on the first sheet, "About" on the second.

    Written with openpyxl (already a dependency for reading imports). openpyxl would store a
    string that starts with ``=`` as a formula, so every text is typed as a string cell
    explicitly: it reads back exactly as given (no apostrophe) and is never a formula.
    """
    book = Workbook(write_only=True)
    figures = book.create_sheet(table.indicator.code[:31])
    about = book.create_sheet(_("About")[:31])

    def cells(sheet: Any, values: list[Any], *, bold: bool = False) -> list[WriteOnlyCell]:
        made = []
        for value in values:
            if isinstance(value, int | float) and not isinstance(value, bool):
                cell = WriteOnlyCell(sheet, value=value)
            else:
                cell = WriteOnlyCell(sheet, value="" if value is None else str(value))
                cell.data_type = "s"
            if bold:
                cell.font = Font(bold=True)
            made.append(cell)
        return made

    figures.append(cells(figures, _header(table), bold=True))
    for line in _lines(table):
        figures.append(cells(figures, line))
    for label, value in _about(table):
        about.append([*cells(about, [label], bold=True), *cells(about, [value])])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _cell_json(cell: Cell) -> dict[str, Any]:
    return {
        "numerator": cell.numerator,
        "denominator": cell.denominator,
        "value": cell.value,
        "low": cell.low,
        "high": cell.high,
        "suppressed": cell.suppressed,
    }


def table_data(table: Table) -> dict[str, Any]:
    """The table as plain data (the API's and the JSON export's shape)."""
    return {
        "indicator": table.indicator.code,
        "name": str(table.indicator.name),
        "unit": table.indicator.unit,
        "by": list(table.by),
        "filters": {name: str(value) for name, value in table.filters.items()},
        "suppressed": table.suppressed,
        "threshold": table.threshold,
        "rows": [
            {"keys": list(row.keys), "labels": list(row.labels), "cell": _cell_json(row.cell)}
            for row in table.rows
        ],
        "total": _cell_json(table.total),
    }


def table_json(table: Table) -> bytes:
    """The table as JSON."""
    return json.dumps(table_data(table), ensure_ascii=False, indent=1).encode("utf-8")
