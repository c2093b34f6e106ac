"""How an HR file's county and institution cells are matched to the records they name.

HR exports spell a county the way people say it ("Nairobi", "Nairobi County", "NAIROBI
CITY COUNTY", "Muranga", "Tharaka Nithi", "Homabay") rather than as the reference data
writes it ("Nairobi City", "Murang'a", "Tharaka-Nithi", "Homa Bay"), and an institution
by its name with small variations ("Min. of Health", "ministry of health", "Kenya Revenue
Authority" for "Kenya Revenue Authority (KRA)", or "KRA"). Both are matched here on a
*spelling*: case, accents, apostrophes, punctuation and spaces set aside, "&" read as
"and". A county's spelling also drops a trailing "county" and then "city"; an
institution's drops a leading "the" and reads "Min." as "Ministry" and "Dept." as
"Department".

A spelling that fits more than one record is never guessed: the lookup answers with all
the candidates, and the row is rejected with a reason that says so.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

Target = TypeVar("Target")

_NOT_LETTER_OR_DIGIT = re.compile(r"[^a-z0-9]+")
# "Kenya Revenue Authority (KRA)": the name, and the short name in brackets.
_SHORT_NAME = re.compile(r"^(?P<name>.*?)\s*\((?P<short>[^()]+)\)\s*$")
_INSTITUTION_WORDS = {"min": "ministry", "dept": "department"}
# A short name in brackets: one word with two capitals or more ("KRA", "ICTA", "KeRRA").
_ACRONYM = re.compile(r"(?=(?:[^A-Z]*[A-Z]){2})[A-Z][A-Za-z0-9&]{1,11}")


def words_of(text: str) -> list[str]:
    """The words of ``text`` in lower case, without accents or punctuation."""
    plain = "".join(
        character
        for character in unicodedata.normalize("NFKD", text)
        if not unicodedata.combining(character)
    )
    # An apostrophe splits a word ("murang a"); spellings join the words again.
    return _NOT_LETTER_OR_DIGIT.sub(" ", plain.lower().replace("&", " and ")).split()


def county_spelling(text: str) -> str:
    """One spelling for every way a county is written ("Nairobi City County" → nairobi)."""
    words = words_of(text)
    for suffix in ("county", "city"):
        if len(words) > 1 and words[-1] == suffix:
            words.pop()
    return "".join(words)


def institution_spellings(text: str) -> list[str]:
    """The spellings an institution's name is known by, the whole name first.

    "Kenya Revenue Authority (KRA)" is known in full, as "Kenya Revenue Authority" and as
    "KRA"; a bracketed part that is not an acronym ("Kenya Medical Training College
    (Nairobi)") names a branch, not the institution, so it is no spelling of its own.
    """
    found = _SHORT_NAME.match(text)
    names = [text]
    if found:
        names.append(found["name"])
        if _ACRONYM.fullmatch(found["short"].strip()):
            names.append(found["short"])
    spellings: list[str] = []
    for name in names:
        words = [_INSTITUTION_WORDS.get(word, word) for word in words_of(name)]
        if len(words) > 1 and words[0] == "the":
            words.pop(0)
        spelling = "".join(words)
        if spelling and spelling not in spellings:
            spellings.append(spelling)
    return spellings


@dataclass(frozen=True)
class Match(Generic[Target]):
    """What a cell names: one record, several (ambiguous), or none."""

    candidates: tuple[Target, ...] = ()

    @property
    def found(self) -> Target | None:
        """The one record the cell names, or None when it names none or several."""
        return self.candidates[0] if len(self.candidates) == 1 else None

    @property
    def is_ambiguous(self) -> bool:
        """True when the cell fits more than one record."""
        return len(self.candidates) > 1


@dataclass
class NameIndex(Generic[Target]):
    """Records by spelling; a spelling shared by two records matches neither alone."""

    _by_spelling: dict[str, list[Target]] = field(default_factory=dict)

    def add(self, spellings: Iterable[str], target: Target) -> None:
        """Know ``target`` by each of ``spellings``."""
        for spelling in spellings:
            if not spelling:
                continue
            targets = self._by_spelling.setdefault(spelling, [])
            if target not in targets:
                targets.append(target)

    def match(self, spelling: str) -> Match[Target]:
        """The records known by ``spelling``."""
        return Match(tuple(self._by_spelling.get(spelling, ())))

    def match_best(self, spellings: list[str]) -> Match[Target]:
        """The one record known by the first (whole) spelling, else those known by any."""
        whole = self.match(spellings[0]) if spellings else Match[Target]()
        return whole if whole.found is not None else self.match_any(spellings)

    def match_any(self, spellings: Iterable[str]) -> Match[Target]:
        """The records known by any of ``spellings`` (a name and its short name)."""
        found: list[Target] = []
        for spelling in spellings:
            found += [each for each in self._by_spelling.get(spelling, ()) if each not in found]
        return Match(tuple(found))
