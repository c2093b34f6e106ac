"""QR codes for the room, drawn on the server as inline SVG (no JavaScript, no images).

Phones on weak links load a page once; an inline SVG of a short URL is about 2 kB and
prints sharply at any size.
"""

from __future__ import annotations

import segno
from django.conf import settings
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe


def absolute_url(name: str, **kwargs: object) -> str:
    """The address people and QR codes use (``UJUZI_PUBLIC_URL``), not the request's host."""
    return f"{settings.UJUZI.public_url}{reverse(name, kwargs=kwargs)}"


def qr_svg(data: str, *, title: str) -> SafeString:
    """An SVG QR code that scales with its box; ``title`` is its accessible name."""
    code = segno.make(data, error="m")
    # segno escapes the title and writes nothing but path data from ``data``.
    svg = code.svg_inline(scale=1, border=4, omitsize=True, title=title, svgclass="qr-code")
    return mark_safe(svg.replace("<svg ", '<svg role="img" focusable="false" ', 1))  # noqa: S308
