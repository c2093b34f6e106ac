"""Reading back what a certificate PDF draws: its text, its metadata and its QR squares.

No PDF parser is installed, so this reads the file the way a viewer starts to: each
stream is inflated with zlib, text is taken from the ``(…) Tj`` operators, and filled
rectangles (``re f``) are put back on a grid of modules to recover the QR matrix.
"""

from __future__ import annotations

import re
import zlib

_STREAM = re.compile(rb"stream\r?\n")
_TEXT = re.compile(rb"\(((?:[^\\()]|\\.)*)\)\s*Tj")
_FILLED = re.compile(rb"(-?[\d.]+) (-?[\d.]+) (-?[\d.]+) (-?[\d.]+) re f\b")


def is_pdf(data: bytes) -> bool:
    """The header, a cross-reference table and the end-of-file marker."""
    return (
        data.startswith(b"%PDF-1.")
        and b"startxref" in data[-64:]
        and data.rstrip().endswith(b"%%EOF")
    )


def streams(data: bytes) -> list[bytes]:
    """Every compressed stream of the file, inflated."""
    found = []
    for match in _STREAM.finditer(data):
        try:
            found.append(zlib.decompressobj().decompress(data[match.end() :]))
        except zlib.error:
            continue
    return found


def _unescape(raw: bytes) -> bytes:
    return re.sub(rb"\\(.)", lambda match: match.group(1), raw)


def texts(data: bytes) -> list[str]:
    """The strings the page writes, in order (Windows-1252, as the core fonts are)."""
    return [
        _unescape(match.group(1)).decode("cp1252")
        for stream in streams(data)
        for match in _TEXT.finditer(stream)
    ]


def qr_matrix(data: bytes) -> list[list[int]]:
    """The dark modules of the QR code drawn as filled rectangles, as rows of 0 and 1."""
    rectangles = [
        tuple(float(value) for value in match.groups())
        for stream in streams(data)
        for match in _FILLED.finditer(stream)
    ]
    if not rectangles:
        return []
    module = min(abs(height) for _, _, _, height in rectangles)
    left = min(x for x, _, _, _ in rectangles)
    top = max(y for _, y, _, _ in rectangles)
    size = round((max(x + width for x, _, width, _ in rectangles) - left) / module)
    grid = [[0] * size for _ in range(size)]
    for x, y, width, _height in rectangles:
        row = round((top - y) / module)
        first = round((x - left) / module)
        for column in range(first, first + round(width / module)):
            grid[row][column] = 1
    return grid
