"""What may be sent: well-formed addresses and texts of a sendable length.

Checked when a message is written and again just before a gateway sees it, so a hostile
value (an address carrying line breaks to inject mail headers, a body that would cost
dozens of SMS) never reaches the outside world. Reasons are plain English for the outbox
page and the logs, like a gateway's own replies.
"""

from __future__ import annotations

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

# E.164: a plus, a country code that does not start with 0, at most 15 digits in all.
E164 = re.compile(r"\+[1-9][0-9]{6,14}")
# Three parts of a concatenated SMS (3 x 153 GSM characters); longer costs more than it helps.
SMS_MAX_CHARACTERS = 459
EMAIL_MAX_CHARACTERS = 20_000
SUBJECT_MAX_CHARACTERS = 200
ADDRESS_MAX_CHARACTERS = 254


def _has_control_characters(text: str) -> bool:
    return any(unicodedata.category(character) in {"Cc", "Zl", "Zp"} for character in text)


def address_problem(channel: str, address: str) -> str:
    """Why an address may not be used, or "" when it may."""
    if _has_control_characters(address):
        return "the address contains line breaks or control characters"
    if len(address) > ADDRESS_MAX_CHARACTERS:
        return f"the address is longer than {ADDRESS_MAX_CHARACTERS} characters"
    if channel == "email":
        try:
            validate_email(address)
        except ValidationError:
            return "the address is not a valid e-mail address"
        return ""
    if channel == "sms":
        if not E164.fullmatch(address):
            return "the number is not an international (E.164) phone number such as +254712345678"
        return ""
    return f"there is no channel {channel!r}"


def body_problem(channel: str, body: str) -> str:
    """Why a text may not be sent, or "" when it may."""
    if not body.strip():
        return "the text is empty"
    limit = SMS_MAX_CHARACTERS if channel == "sms" else EMAIL_MAX_CHARACTERS
    if len(body) > limit:
        return (
            f"the text is {len(body)} characters long; "
            f"the limit for {'an SMS' if channel == 'sms' else 'an e-mail'} is {limit}"
        )
    return ""


def clean_text(text: str) -> str:
    """A rendered text without control characters (PostgreSQL refuses NUL), lines kept."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    kept = [
        "".join(c for c in line if c == "\t" or unicodedata.category(c) != "Cc").rstrip()
        for line in lines
    ]
    return "\n".join(kept).strip()


def one_line(text: str) -> str:
    """A text on one line with single spaces: a subject header, or an SMS."""
    return " ".join(clean_text(text).split())
