"""Learner numbers: the programme's own identifier for every person it trains.

A certificate must name its holder without carrying their e-mail address, phone number or
national ID, even hashed: those spaces are small and the salt travels with the hash, so
anyone could recover them in seconds. The learner number is random instead (60 bits from
``secrets``), so its salted hash in a certificate (an Open Badges ``studentId``) reveals
nothing, and every person has one from the moment they are registered — young people at a
mobile lab with neither an e-mail address nor an ID included.

It is written in Crockford's base 32 (no I, L, O or U, so nothing is misread on a phone or
a printed card) as three groups of four, with a check symbol (ISO 7064 mod 37) that catches
any single mistyped character and any swap of two neighbours: ``7K3M-9QX2-4ABD-Z``.
Random numbers made on different nodes do not need a registry to stay apart: at a million
people the chance that any two share one is below one in two million.
"""

from __future__ import annotations

import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
# Crockford's five extra check symbols, used only in the last position.
CHECK_SYMBOLS = ALPHABET + "*~$=U"
GROUPS = 3
GROUP_LENGTH = 4
LENGTH = GROUPS * GROUP_LENGTH
# How people mistype the letters the alphabet leaves out.
_READ_AS = str.maketrans({"I": "1", "L": "1", "O": "0"})


def _check_symbol(body: str) -> str:
    value = 0
    for character in body:
        value = (value * len(ALPHABET) + ALPHABET.index(character)) % 37
    return CHECK_SYMBOLS[value]


def learner_number_new() -> str:
    """A fresh random learner number in its written form."""
    body = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    groups = [body[start : start + GROUP_LENGTH] for start in range(0, LENGTH, GROUP_LENGTH)]
    return "-".join([*groups, _check_symbol(body)])


def learner_number_normalise(text: str) -> str | None:
    """The written form of a number as someone typed it, or None when it is not one.

    Case, spaces and hyphens do not matter, and I, L and O read as 1, 1 and 0.
    """
    compact = "".join(text.split()).replace("-", "").upper().translate(_READ_AS)
    if len(compact) != LENGTH + 1:
        return None
    body = compact[:LENGTH]
    if any(character not in ALPHABET for character in body):
        return None
    if compact[LENGTH] != _check_symbol(body):
        return None
    groups = [body[start : start + GROUP_LENGTH] for start in range(0, LENGTH, GROUP_LENGTH)]
    return "-".join([*groups, compact[LENGTH]])
