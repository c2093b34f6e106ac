"""A table as CSV, XLSX or JSON: the same figures the page shows, suppressed the same way.

A suppressed cell is written as the word the page uses ("suppressed"), never as a number.
Labels come from records (institution and county names); a label that a spreadsheet would
run as a formula is written as text (the people import's ``neutralise``), and the XLSX
cells holding text are typed as strings, never formulas.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook  # type: ignore[import-untyped]  # ships no type information
from openpyxl.cell import WriteOnlyCell  # type: ignore[import-untyped]
from openpyxl.styles import Font  # type: ignore[import-untyped]

from ujuzi.people.imports.errors import neutralise
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
    lines: list[list[Any]] = [
        [neutralise(label) for label in row.labels] + _numbers(table, row.cell)
        for row in table.rows
    ]
    padding = [""] * (len(table.by) - 1) if table.by else []
    lines.append([_("total"), *padding, *_numbers(table, table.total)])
    return lines


def table_csv(table: Table) -> bytes:
    """The table as UTF-8 CSV (with a byte-order mark, so spreadsheets read the accents)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([neutralise(str(table.indicator.name))])
    if not table.filters.is_empty:
        writer.writerow([neutralise(table.filters.as_query())])
    writer.writerow(_header(table))
    for line in _lines(table):
        writer.writerow(["" if value is None else value for value in line])
    if table.suppressed:
        note = _("Cells counting fewer than %(n)s people are suppressed.")
        writer.writerow([note % {"n": table.threshold}])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def table_xlsx(table: Table) -> bytes:
    """The table as an XLSX workbook with one sheet.

    Written with openpyxl (already a dependency for reading imports). openpyxl would store a
    string that starts with ``=`` as a formula, so every text goes through ``neutralise``
    and is typed as a string cell explicitly: no cell of an export is ever a formula.
    """
    book = Workbook(write_only=True)
    sheet = book.create_sheet(table.indicator.code[:31])

    def cells(values: list[Any], *, bold: bool = False) -> list[WriteOnlyCell]:
        made = []
        for value in values:
            if isinstance(value, int | float) and not isinstance(value, bool):
                cell = WriteOnlyCell(sheet, value=value)
            else:
                cell = WriteOnlyCell(sheet, value=neutralise("" if value is None else str(value)))
                cell.data_type = "s"
            if bold:
                cell.font = Font(bold=True)
            made.append(cell)
        return made

    sheet.append(cells([str(table.indicator.name)], bold=True))
    if not table.filters.is_empty:
        sheet.append(cells([table.filters.as_query()]))
    sheet.append(cells(_header(table), bold=True))
    for line in _lines(table):
        sheet.append(cells(line))
    if table.suppressed:
        note = _("Cells counting fewer than %(n)s people are suppressed.")
        sheet.append(cells([note % {"n": table.threshold}]))
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
