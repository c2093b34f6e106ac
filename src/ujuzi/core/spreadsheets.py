"""Text that files opened in a spreadsheet carry: never run as a formula.

Spreadsheets run a CSV cell that starts with ``=``, ``+``, ``-``, ``@`` (or a tab or
carriage return) as a formula. CSV has no types, so such text is written with a leading
apostrophe (``neutralise``): opening the file never runs what a record contained. XLSX
does have types: there text is written as a string cell, exactly as given, and never goes
through ``neutralise`` (the apostrophe would show).
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """Text that a spreadsheet opening a CSV file shows as text, never runs."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text
