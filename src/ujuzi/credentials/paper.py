"""Printable certificates: one A4 page in English or Kiswahili, with a QR code to check it.

The page is for the holder, so it names them (the public verification page never does).
It shows the programme and issuer, the course, the completion day, the competencies and
levels the signed certificate attests, and the verification address as a QR code and as
text. The QR code is drawn as vector squares, so it prints sharply at any size.

Fonts: names are printed as written (``Ngũgĩ wa Thiong'o``, ``Wanjikũ``, ``Łódź``), so
the page embeds DejaVu Sans, regular and bold, cut down to the Latin script (Latin-1,
Extended-A, -B and Additional, the IPA letters such as ɛ and ɔ, dashes, quotes and a few
signs) by ``scripts/subset-fonts``; the package ships both subsets under ``fonts/``, and
fpdf2 embeds in each PDF only the glyphs that page uses. Text is set in NFC form. A
character the subset lacks is written without its accents if that form is in the font,
or else as ``?``. The verification address, plain ASCII, is set in the core Courier.

Rendered once per certificate, language and state, and kept in the data directory
(``credentials/pdf/``) sealed under the holder's data key, so erasing the holder
(shredding the key) leaves nothing readable behind. The file name carries a digest of
what the page shows (holder's name, course, revocation), so a revocation or a corrected
name makes the next download render afresh, wherever the change was made (here or on a
node that synced it); the stale file is removed then.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import hashlib
import logging
import os
import tempfile
import unicodedata
from pathlib import Path
from typing import Any

import segno
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from fontTools.ttLib import TTFont  # type: ignore[import-untyped]  # ships no type information
from fpdf import FPDF

from ujuzi.core.bilingual import pick
from ujuzi.core.crypto import data_keys_for
from ujuzi.credentials.attested import competencies_shown
from ujuzi.credentials.issuing import ISSUER_NAME
from ujuzi.credentials.models import Credential

LANGUAGES = ("en", "sw")
# Bump when the layout or the fonts change, so that cached pages are rendered again
# ("1" was set in the core fonts, without the accents they lack).
LAYOUT_VERSION = "2"
QR_ERROR_LEVEL = "m"  # survives a crease or a smudge (15 % of the code)
FONTS = Path(__file__).resolve().parent / "fonts"
SANS = "DejaVuSans"  # the family name the page registers its two faces under
SANS_FACES = {"": FONTS / "DejaVuSans-Latin.ttf", "B": FONTS / "DejaVuSans-Bold-Latin.ttf"}
_NONCE_BYTES = 12
QR_SIZE = 34.0  # millimetres: scans from a phone at arm's length
_SMALLEST = 7.0  # points: a long name shrinks to fit its line, down to this size

# fpdf2 cuts the embedded fonts down to the page's glyphs on every render, and fontTools
# logs each step of that at INFO: a dozen lines a certificate, of no use in the log.
logging.getLogger("fontTools.subset").setLevel(logging.WARNING)


class CertificateError(ValueError):
    """A certificate cannot be printed; the message says why."""


def verification_link(credential: Credential) -> str:
    """The public verification page of a certificate, absolute: the QR code's target."""
    path = reverse("credential-verify", kwargs={"credential_id": credential.pk})
    return f"{settings.UJUZI.public_url}{path}"


@functools.cache
def _shown() -> frozenset[str]:
    """The characters both shipped faces draw, read once from their character maps."""
    faces = [set(TTFont(path, lazy=True).getBestCmap()) for path in SANS_FACES.values()]
    return frozenset(chr(point) for point in set.intersection(*faces))


def printable(text: str) -> str:
    """``text`` in NFC, in characters the shipped font draws: else unaccented, else ``?``."""
    text = unicodedata.normalize("NFC", text)
    shown = _shown()
    if shown.issuperset(text):
        return text
    characters = []
    for character in text:
        if character in shown:
            characters.append(character)
            continue
        plain = "".join(
            part
            for part in unicodedata.normalize("NFKD", character)
            if not unicodedata.combining(part)
        )
        characters.append(plain if plain and shown.issuperset(plain) else "?")
    return "".join(characters)


@dataclasses.dataclass(frozen=True)
class CertificateFacts:
    """Everything one printed page shows, in one language."""

    language: str
    programme: str
    issuer: str
    course: str
    holder: str
    completed_on: datetime.date
    competencies: tuple[tuple[str, str], ...]  # (name, level) pairs
    link: str
    certificate_id: str
    revoked_on: datetime.date | None
    revocation_reason: str

    def digest(self) -> str:
        """A short fingerprint of the page, for the cache file's name."""
        text = repr((LAYOUT_VERSION, dataclasses.astuple(self)))
        return hashlib.sha256(text.encode()).hexdigest()[:16]


def _completed_on(credential: Credential) -> datetime.date:
    try:
        moment = datetime.datetime.fromisoformat(str(credential.document.get("validFrom")))
    except ValueError:
        return timezone.localtime(credential.issued_at).date()
    if moment.tzinfo is None:
        return moment.date()
    return timezone.localtime(moment).date()


def certificate_facts(credential: Credential, *, language: str) -> CertificateFacts:
    """What the page of ``credential`` says in ``language`` ("en" or "sw")."""
    if language not in LANGUAGES:
        raise CertificateError(f"no certificate wording in {language!r}")
    person = credential.person
    course = credential.course
    with translation.override(language):
        return CertificateFacts(
            language=language,
            programme=pick(course.programme.title, language) if course.programme_id else "",
            issuer=ISSUER_NAME,
            course=pick(course.title, language) or course.code,
            holder=person.full_name,
            completed_on=_completed_on(credential),
            competencies=competencies_shown([credential], language=language)[credential.pk],
            link=verification_link(credential),
            certificate_id=str(credential.pk),
            revoked_on=(
                timezone.localtime(credential.revoked_at).date()
                if credential.revoked_at is not None
                else None
            ),
            revocation_reason=credential.revocation_reason,
        )


class _Page(FPDF):
    def __init__(self) -> None:
        super().__init__(orientation="landscape", unit="mm", format="A4")
        for style, path in SANS_FACES.items():
            self.add_font(SANS, style, str(path))
        self.set_auto_page_break(auto=False)
        self.set_margins(20, 18, 20)

    def line_of(self, text: str, *, size: float, style: str = "", height: float = 0) -> None:
        """One centred line; a text too long for it is set smaller rather than cut."""
        text = printable(text)
        self.set_font(SANS, style, size)
        while size > _SMALLEST and self.get_string_width(text) > self.epw:
            size -= 0.5
            self.set_font(SANS, style, size)
        self.cell(0, height or size * 0.5, text, align="C", new_x="LMARGIN", new_y="NEXT")


def _qr_draw(page: FPDF, link: str, *, x: float, y: float, size: float) -> None:
    """The QR code of ``link`` as filled squares, one run of dark modules per rectangle."""
    code = segno.make(link, error=QR_ERROR_LEVEL, micro=False)
    matrix = code.matrix
    module = size / len(matrix)
    page.set_fill_color(0, 0, 0)
    for row_number, row in enumerate(matrix):
        column = 0
        while column < len(row):
            if not row[column]:
                column += 1
                continue
            start = column
            while column < len(row) and row[column]:
                column += 1
            page.rect(
                x + start * module,
                y + row_number * module,
                (column - start) * module,
                module,
                style="F",
            )


def certificate_render(facts: CertificateFacts) -> bytes:
    """The PDF of one certificate page."""
    with translation.override(facts.language):
        title = _("Certificate of completion")
        page = _Page()
        page.set_title(printable(title))
        page.set_author(printable(facts.issuer))
        page.set_subject(printable(facts.course))
        page.set_lang(facts.language)
        page.set_creator("Ujuzi")
        page.add_page()
        page.set_draw_color(20, 70, 120)
        page.set_line_width(1.2)
        page.rect(8, 8, page.w - 16, page.h - 16, style="D")
        page.set_line_width(0.3)
        page.rect(11, 11, page.w - 22, page.h - 22, style="D")

        page.set_text_color(20, 70, 120)
        page.set_y(20)
        page.line_of(facts.issuer, size=12, style="B", height=7)
        if facts.programme:
            page.line_of(facts.programme, size=11, height=6)
        page.ln(5)
        page.line_of(title, size=28, style="B", height=14)
        page.set_text_color(0, 0, 0)
        page.ln(3)
        page.line_of(_("This certifies that"), size=12, height=7)
        page.line_of(facts.holder, size=24, style="B", height=13)
        page.line_of(_("has completed the course"), size=12, height=7)
        page.line_of(facts.course, size=18, style="B", height=10)
        on = formats.date_format(facts.completed_on, "j F Y")
        page.line_of(_("on %(date)s") % {"date": on}, size=12, height=7)

        qr_top = page.h - 20 - QR_SIZE
        # What is printed above the QR code must end above it, revocation included.
        limit = qr_top - 3 - (20 if facts.revoked_on is not None else 0)
        if facts.competencies:
            page.ln(3)
            page.line_of(_("Competencies attested"), size=11, style="B", height=6)
            rows = facts.competencies
            for index, (name, level) in enumerate(rows):
                left_over = len(rows) - index
                if page.get_y() + 5 * (1 if left_over == 1 else 2) > limit:
                    more = _("and %(count)s more, listed on the verification page") % {
                        "count": left_over
                    }
                    page.line_of(more, size=10, height=5)
                    break
                page.line_of(f"{name} \u2013 {level}" if level else name, size=10, height=5)

        if facts.revoked_on is not None:
            page.set_text_color(160, 0, 0)
            page.ln(2)
            revoked = _("Revoked on %(date)s") % {
                "date": formats.date_format(facts.revoked_on, "j F Y")
            }
            page.set_font(SANS, "B", 12)
            text = printable(f"{revoked}: {facts.revocation_reason}")
            page.multi_cell(0, 6, text, align="C", new_x="LMARGIN", new_y="NEXT")
            page.set_text_color(0, 0, 0)

        left = 20.0
        _qr_draw(page, facts.link, x=left, y=qr_top, size=QR_SIZE)
        page.set_xy(left + QR_SIZE + 5, qr_top + 4)
        page.set_font(SANS, "B", 10)
        page.cell(0, 5, printable(_("Check this certificate")), new_x="LEFT", new_y="NEXT")
        page.set_font(SANS, "", 9)
        explained = _("Scan the code or open the address below to see whether it is valid.")
        page.cell(0, 5, printable(explained), new_x="LEFT", new_y="NEXT")
        page.set_font("Courier", "", 9)
        page.cell(0, 5, printable(facts.link), new_x="LEFT", new_y="NEXT")
        page.set_font(SANS, "", 9)
        identifier = _("Certificate ID: %(id)s") % {"id": facts.certificate_id}
        page.cell(0, 5, printable(identifier), new_x="LEFT", new_y="NEXT")
        return bytes(page.output())


# The cache -------------------------------------------------------------------------


def _folder() -> Path:
    return Path(settings.UJUZI.data_dir) / "credentials" / "pdf"


def cache_path(credential: Credential, facts: CertificateFacts) -> Path:
    """Where the sealed page of ``facts`` is kept."""
    return _folder() / f"{credential.pk}-{facts.language}-{facts.digest()}.pdf.sealed"


def _context(credential: Credential, facts: CertificateFacts) -> bytes:
    return f"ujuzi certificate page|{credential.pk}|{facts.language}".encode()


def _holder_key(credential: Credential) -> bytes:
    key = data_keys_for([credential.person_id]).get(credential.person_id)
    if key is None:  # the holder was erased: their name is not to be printed again
        raise CertificateError("the holder of this certificate has been erased")
    return key


def _seal(key: bytes, data: bytes, context: bytes) -> bytes:
    nonce = os.urandom(_NONCE_BYTES)
    return nonce + AESGCM(key).encrypt(nonce, data, context)


def _open(key: bytes, blob: bytes, context: bytes) -> bytes | None:
    try:
        return AESGCM(key).decrypt(blob[:_NONCE_BYTES], blob[_NONCE_BYTES:], context)
    except (InvalidTag, ValueError):
        return None  # damaged or sealed under another key: render again


def _write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".pdf-")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def certificate_pdfs_discard(credential_pk: Any, language: str = "*") -> int:
    """Remove the cached pages of a certificate (all languages by default); how many."""
    removed = 0
    for stale in _folder().glob(f"{credential_pk}-{language}-*.pdf.sealed"):
        stale.unlink(missing_ok=True)
        removed += 1
    return removed


def certificate_pdf(credential: Credential, *, language: str) -> bytes:
    """The printable page of ``credential`` in ``language``, rendered once and then kept."""
    facts = certificate_facts(credential, language=language)
    key = _holder_key(credential)
    path = cache_path(credential, facts)
    context = _context(credential, facts)
    if path.is_file():
        data = _open(key, path.read_bytes(), context)
        if data is not None:
            return data
    data = certificate_render(facts)
    certificate_pdfs_discard(credential.pk, language)
    _write_atomically(path, _seal(key, data, context))
    return data


def certificate_language(requested: str | None, person_language: str) -> str:
    """The language asked for (``?lang=``) if it is one we print, else the holder's own."""
    if requested in LANGUAGES:
        return str(requested)
    return person_language if person_language in LANGUAGES else "en"
