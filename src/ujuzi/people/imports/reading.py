"""Reading an uploaded table into a header and rows of text.

CSV (UTF-8 with or without BOM, comma or semicolon, any line ending) or XLSX. A file that
cannot be read raises ``UnusableFile`` with one message for the person who uploaded it.
"""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from django.utils.translation import gettext as _

XLSX_SIGNATURE = b"PK\x03\x04"
MAX_COLUMNS = 60
MAX_CELL = 500


class UnusableFile(ValueError):
    """The file as a whole cannot be imported (nothing is written)."""


@dataclass
class Table:
    """A header and the data rows, each with its line number in the file."""

    header: list[str]
    rows: Iterator[tuple[int, list[str]]]


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()[:MAX_CELL]


def _csv(data: bytes) -> Table:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UnusableFile(
            _("The file is not UTF-8 text. Save it as “CSV UTF-8” or as an Excel workbook.")
        ) from None
    if "\x00" in text:
        raise UnusableFile(_("The file is not a CSV or Excel (.xlsx) file."))
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise UnusableFile(_("The file is empty.")) from None
    except csv.Error as error:
        raise UnusableFile(
            _("The file is not a readable CSV file: %(error)s") % {"error": error}
        ) from None

    def rows() -> Iterator[tuple[int, list[str]]]:
        try:
            for row in reader:
                cells = [cell.strip()[:MAX_CELL] for cell in row]
                if any(cells):
                    yield reader.line_num, cells
        except csv.Error as error:
            raise UnusableFile(
                _("Line %(line)d is not readable CSV: %(error)s")
                % {"line": reader.line_num, "error": error}
            ) from None

    return Table([cell.strip() for cell in header[:MAX_COLUMNS]], rows())


def _xlsx(data: bytes) -> Table:
    from openpyxl import load_workbook  # type: ignore[import-untyped]  # only for workbooks

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise UnusableFile(
            _("The Excel file cannot be opened: %(error)s") % {"error": error}
        ) from None
    sheet = book.worksheets[0] if book.worksheets else None
    if sheet is None:
        raise UnusableFile(_("The file is empty."))
    values = sheet.iter_rows(values_only=True)
    try:
        header = [_text(cell) for cell in next(values)][:MAX_COLUMNS]
    except StopIteration:
        raise UnusableFile(_("The file is empty.")) from None

    def rows() -> Iterator[tuple[int, list[str]]]:
        for line, row in enumerate(values, start=2):
            cells = [_text(cell) for cell in row[:MAX_COLUMNS]]
            if any(cells):
                yield line, cells
        book.close()

    return Table(header, rows())


def table_read(data: bytes, filename: str, *, max_bytes: int) -> Table:
    """The table in an uploaded file."""
    if len(data) > max_bytes:
        raise UnusableFile(
            _("The file is larger than the limit of %(limit)s bytes.") % {"limit": f"{max_bytes:,}"}
        )
    if not data.strip():
        raise UnusableFile(_("The file is empty."))
    if data.startswith(XLSX_SIGNATURE) or filename.lower().endswith(".xlsx"):
        return _xlsx(data)
    return _csv(data)
