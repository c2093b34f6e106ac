"""The errors file: every rejected row with its line number and reasons, as CSV.

Spreadsheets run a cell that starts with ``=``, ``+``, ``-``, ``@`` (or a tab or carriage
return) as a formula; such text is written with a leading apostrophe
(``ujuzi.core.spreadsheets.neutralise``) so that opening the file never runs what an upload
contained.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from ujuzi.core.spreadsheets import neutralise
from ujuzi.people.imports.engine import Rejected


def errors_csv(header: list[str], rejected: Iterable[Rejected]) -> str:
    """The rejected rows as CSV text: line, reasons, then the row's own columns."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["line", "reasons", *(neutralise(name) for name in header)])
    for row in rejected:
        writer.writerow(
            [
                row.line,
                neutralise("; ".join(row.reasons)),
                *(neutralise(row.cells.get(name, "")) for name in header),
            ]
        )
    return out.getvalue()
