"""Reading back what a certificate PDF draws: its text, its metadata and its QR squares.

No PDF parser is installed, so this reads the file the way a viewer starts to: each
stream is inflated with zlib; text is taken from the ``(…) Tj`` and ``<…> Tj`` operators
and decoded through the font that the last ``/F.. size Tf`` chose: an embedded TrueType
font writes glyph ids, turned back into characters by its ToUnicode CMap (``bfchar`` and
``bfrange``), and a core font writes Windows-1252. Filled rectangles (``re f``) are put
back on a grid of modules to recover the QR matrix.
"""

from __future__ import annotations

import functools
import re
import zlib
from collections.abc import Callable

_STREAM = re.compile(rb"stream\r?\n")
_OBJECT = re.compile(rb"^(\d+) 0 obj\s", re.MULTILINE)
_DICTIONARY_END = re.compile(rb"stream\r?\n|endobj")
_LENGTH = re.compile(rb"/Length (\d+)\b")
_FONTS = re.compile(rb"/Font\s*<<(.*?)>>", re.DOTALL)
_NAMED = re.compile(rb"/(\w+)\s+(\d+) 0 R")
# In a content stream: a font choice, or a string shown with Tj.
_OPERATION = re.compile(
    rb"/(?P<font>\w+)\s+[\d.]+\s+Tf"
    rb"|\((?P<literal>(?:[^\\()]|\\.)*)\)\s*Tj"
    rb"|<(?P<hex>[0-9A-Fa-f\s]*)>\s*Tj",
    re.DOTALL,
)
_HEX = rb"<([0-9A-Fa-f]+)>"
_BFCHAR = re.compile(rb"beginbfchar(.*?)endbfchar", re.DOTALL)
_BFRANGE = re.compile(rb"beginbfrange(.*?)endbfrange", re.DOTALL)
_RANGE = re.compile(_HEX + rb"\s*" + _HEX + rb"\s*(?:" + _HEX + rb"|\[(.*?)\])", re.DOTALL)
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}
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


def _objects(data: bytes) -> dict[int, tuple[bytes, bytes]]:
    """Each numbered object as (its dictionary, its stream inflated or b"")."""
    found: dict[int, tuple[bytes, bytes]] = {}
    position = 0
    for match in _OBJECT.finditer(data):
        if match.start() < position:
            continue  # inside the previous object's stream
        end = _DICTIONARY_END.search(data, match.end())
        if end is None:
            break
        dictionary = data[match.end() : end.start()]
        content = b""
        length = _LENGTH.search(dictionary)
        position = end.end()
        if end.group().startswith(b"stream") and length is not None:
            content = data[position : position + int(length.group(1))]
            position += len(content)
            if b"/FlateDecode" in dictionary:
                content = zlib.decompress(content)
        found[int(match.group(1))] = (dictionary, content)
    return found


def _utf16(hex_digits: bytes) -> str:
    return bytes.fromhex(hex_digits.decode()).decode("utf-16-be")


def _to_unicode(cmap: bytes) -> dict[int, str]:
    """A ToUnicode CMap as code → text: its ``bfchar`` pairs and ``bfrange`` runs."""
    codes: dict[int, str] = {}
    for block in _BFCHAR.findall(cmap):
        pairs = re.findall(_HEX, block)
        for code, text in zip(pairs[::2], pairs[1::2], strict=True):
            codes[int(code, 16)] = _utf16(text)
    for block in _BFRANGE.findall(cmap):
        for first, last, start, listed in _RANGE.findall(block):
            span = range(int(first, 16), int(last, 16) + 1)
            if start:  # consecutive codes map to consecutive characters
                base = _utf16(start)
                for offset, code in enumerate(span):
                    codes[code] = base[:-1] + chr(ord(base[-1]) + offset)
            else:  # one destination per code, listed
                for code, text in zip(span, re.findall(_HEX, listed), strict=False):
                    codes[code] = _utf16(text)
    return codes


def _decoders(objects: dict[int, tuple[bytes, bytes]]) -> dict[str, Callable[[bytes], str]]:
    """Each font resource name (``F1``…) with how its shown bytes become text."""
    decoders: dict[str, Callable[[bytes], str]] = {}
    for dictionary, _content in objects.values():
        for fonts in _FONTS.findall(dictionary):
            for name, number in _NAMED.findall(fonts):
                font = objects[int(number)][0]
                cmap = re.search(rb"/ToUnicode\s+(\d+) 0 R", font)
                if cmap is None:
                    decoders[name.decode()] = _core_font
                else:
                    codes = _to_unicode(objects[int(cmap.group(1))][1])
                    decoders[name.decode()] = functools.partial(_glyphs, codes)
    return decoders


def _core_font(raw: bytes) -> str:
    """A core font's bytes, one a character, in the Windows-1252 the page was set in."""
    return raw.decode("cp1252")


def _glyphs(codes: dict[int, str], raw: bytes) -> str:
    """An embedded font's two-byte glyph ids (Identity-H), through its ToUnicode map."""
    return "".join(
        codes.get(int.from_bytes(raw[index : index + 2]), "\ufffd")
        for index in range(0, len(raw), 2)
    )


def _unescape(raw: bytes) -> bytes:
    """A literal string's bytes: ``\\n``-style escapes, octal ``\\ddd`` and ``\\(``."""

    def one(match: re.Match[bytes]) -> bytes:
        escaped = match.group(1)
        if escaped[:1].isdigit():
            return bytes([int(escaped, 8) & 0xFF])
        return _ESCAPES.get(escaped, escaped)

    return re.sub(rb"\\([0-7]{1,3}|.)", one, raw, flags=re.DOTALL)


def texts(data: bytes) -> list[str]:
    """The strings the page writes, in order, decoded through the font each is set in."""
    objects = _objects(data)
    decoders = _decoders(objects)
    contents = [
        int(number)
        for dictionary, _content in objects.values()
        for number in re.findall(rb"/Contents\s+(\d+) 0 R", dictionary)
    ]
    lines = []
    for number in contents:
        decode: Callable[[bytes], str] = _core_font
        for operation in _OPERATION.finditer(objects[number][1]):
            if operation.group("font") is not None:
                decode = decoders[operation.group("font").decode()]
            elif operation.group("literal") is not None:
                lines.append(decode(_unescape(operation.group("literal"))))
            else:
                lines.append(decode(bytes.fromhex(operation.group("hex").decode())))
    return lines


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
