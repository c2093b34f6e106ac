"""Checking and normalising one row; every problem becomes a reason the office can act on."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from ujuzi.core.journal import concrete_field
from ujuzi.core.models import AdministrativeArea
from ujuzi.people.imports.names import (
    Match,
    NameIndex,
    county_spelling,
    institution_spellings,
)
from ujuzi.people.models import ADULT_AGE, Institution, Person, years_between
from ujuzi.people.phones import InvalidPhoneNumber, normalise_phone

NATIONAL_ID = re.compile(r"^\d{5,9}$")
PERSONAL_NUMBER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9/\-]{2,19}$")
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y")
# The two spellings nearly every HR export uses, read without ``strptime`` (about 6 µs a
# date, twice for day-first dates); anything else still goes through DATE_FORMATS.
ISO_DATE = re.compile(r"(\d{4})-(\d\d)-(\d\d)")
DAY_FIRST_DATE = re.compile(r"(\d\d)([/.-])(\d\d)\2(\d{4})")
# A plain address that Django's ``validate_email`` always accepts (a strict subset of it),
# checked in one match; anything else is left to ``validate_email`` itself.
PLAIN_EMAIL = re.compile(
    r"[a-z0-9_+-]+(?:\.[a-z0-9_+-]+)*"
    r"@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*"
    r"\.[a-z]{2,63}"
)
# A Kenyan mobile number written without separators, the form most HR exports hold.
KENYAN_MOBILE = re.compile(r"(?:\+?254|0)?([17]\d{8})")
SEXES = {
    "male": "male", "m": "male", "mwanamume": "male", "me": "male",
    "female": "female", "f": "female", "mwanamke": "female", "ke": "female",
    "intersex": "intersex", "i": "intersex",
}  # fmt: skip
# Free-text columns kept as written, each up to its ``Person`` field's length, so that a
# long cell is a rejected row with a reason rather than a database error for the file.
LENGTHS = {
    name: int(concrete_field(Person, name).max_length or 0)
    for name in ("first_name", "middle_name", "last_name", "job_title", "grade")
}
# The e-mail column is the field's 254 characters at most (validate_email allows 320).
MAX_EMAIL = int(concrete_field(Person, "email").max_length or 0)


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip().lower())


@dataclass
class Lookups:
    """What rows are checked against, read once per import."""

    institution_codes: dict[str, Institution]  # by code, normalised
    institution_names: NameIndex[Institution]  # by every spelling of a name (see names.py)
    areas: NameIndex[str]  # county name, spelling or code → area key
    allowed_institutions: frozenset[Any] | None  # None: any institution
    default_institution: Institution | None = None
    today: datetime.date = field(default_factory=datetime.date.today)
    # A file repeats a few dozen institution and county spellings a hundred thousand times.
    _institution_seen: dict[str, Match[Institution]] = field(default_factory=dict)
    _area_seen: dict[str, Match[str]] = field(default_factory=dict)
    _sex_seen: dict[str, str] = field(default_factory=dict)

    def sex(self, text: str) -> str:
        """The sex a cell spells (in English or Kiswahili, in full or by letter), or ""."""
        try:
            return self._sex_seen[text]
        except KeyError:
            found = self._sex_seen[text] = SEXES.get(_key(text), "")
            return found

    def institution(self, name: str) -> Match[Institution]:
        """The institution a cell names: by code, else by name, short name or a variant.

        Several institutions may share a spelling; the ones the importer looks after are
        then the candidates, and the row is rejected unless exactly one is left.
        """
        try:
            return self._institution_seen[name]
        except KeyError:
            by_code = self.institution_codes.get(_key(name))
            if by_code is not None:
                found = Match((by_code,))
            else:
                found = self.institution_names.match_best(institution_spellings(name))
                allowed = self.allowed_institutions
                if found.is_ambiguous and allowed is not None:
                    found = Match(
                        tuple(each for each in found.candidates if each.pk in allowed)
                        or found.candidates
                    )
            self._institution_seen[name] = found
            return found

    def area(self, county: str) -> Match[str]:
        """The area key of a county cell (its name as people write it, or its code)."""
        try:
            return self._area_seen[county]
        except KeyError:
            found = self._area_seen[county] = self.areas.match(county_spelling(county))
            return found

    @classmethod
    def build(
        cls,
        *,
        allowed: frozenset[Any] | None,
        default: Institution | None,
        today: datetime.date,
    ) -> Lookups:
        """Institutions and Kenyan counties by every name people write them with."""
        codes: dict[str, Institution] = {}
        names: NameIndex[Institution] = NameIndex()
        for institution in Institution.objects.all():
            codes[_key(institution.code)] = institution
            names.add(institution_spellings(institution.name), institution)
        areas: NameIndex[str] = NameIndex()
        for area in AdministrativeArea.objects.filter(kind=AdministrativeArea.Kind.COUNTY):
            spellings = [county_spelling(area.name), county_spelling(area.key)]
            if area.code:
                spellings += [area.code, area.code.lstrip("0")]
            areas.add(spellings, area.key)
        return cls(codes, names, areas, allowed, default, today)


@dataclass
class CheckedRow:
    """A row's values for a ``Person`` (and its sex), or the reasons it is rejected."""

    line: int
    values: dict[str, Any]
    sex: str
    reasons: list[str]


def _date(text: str) -> datetime.date | None:
    # Either pattern matches only text that exactly one of DATE_FORMATS could read, so
    # answering here gives what the loop below would.
    iso = ISO_DATE.fullmatch(text)
    day_first = None if iso else DAY_FIRST_DATE.fullmatch(text)
    if iso or day_first:
        if iso:
            year, month, day = iso.group(1, 2, 3)
        else:
            day, month, year = day_first.group(1, 3, 4)  # type: ignore[union-attr]
        try:
            return datetime.date(int(year), int(month), int(day))
        except ValueError:
            return None
    for pattern in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, pattern).date()  # noqa: DTZ007 - a date
        except ValueError:
            continue
    return None


def _identifiers(raw: dict[str, str], values: dict[str, Any], reasons: list[str]) -> None:
    national_id = raw.get("national_id", "")
    if national_id:
        if NATIONAL_ID.match(national_id):
            values["national_id"] = national_id
        else:
            reasons.append(_("national ID must be 5 to 9 digits"))
    number = raw.get("personal_number", "")
    if number:
        if PERSONAL_NUMBER.match(number):
            values["personal_number"] = number.upper()
        else:
            reasons.append(_("personal number must be 3 to 20 letters, digits, / or -"))
    email = raw.get("email", "").lower()
    if email:
        if len(email) > MAX_EMAIL:
            reasons.append(
                _("%(field)s is longer than %(limit)d characters")
                % {"field": _("e-mail"), "limit": MAX_EMAIL}
            )
        elif PLAIN_EMAIL.fullmatch(email):
            values["email"] = email
        else:
            try:
                validate_email(email)
                values["email"] = email
            except ValidationError:
                reasons.append(_("e-mail address is not valid"))
    phone = raw.get("phone", "")
    if phone:
        mobile = KENYAN_MOBILE.fullmatch(phone)
        if mobile:  # what normalise_phone gives for this form, without its clean-up pass
            values["phone"] = f"+254{mobile.group(1)}"
        else:
            try:
                values["phone"] = normalise_phone(phone)
            except InvalidPhoneNumber:
                reasons.append(_("phone number is not valid"))


def _places(
    raw: dict[str, str], values: dict[str, Any], reasons: list[str], lookups: Lookups
) -> None:
    name = raw.get("institution", "")
    if name:
        match = lookups.institution(name)
    else:
        default = lookups.default_institution
        match = Match((default,) if default is not None else ())
    institution = match.found
    if match.is_ambiguous:
        reasons.append(_ambiguous_institution(name, match, lookups))
    elif name and institution is None:
        reasons.append(_("unknown institution %(name)s") % {"name": name[:80]})
    elif institution is not None:
        if (
            lookups.allowed_institutions is not None
            and institution.pk not in lookups.allowed_institutions
        ):
            reasons.append(_("the institution is not one you look after"))
        else:
            values["institution_id"] = institution.pk
    county = raw.get("county", "")
    if county:
        area = lookups.area(county)
        if area.is_ambiguous:
            reasons.append(
                _("county %(name)s could be %(candidates)s; write its code")
                % {"name": county[:80], "candidates": ", ".join(sorted(area.candidates))}
            )
        elif area.found is None:
            reasons.append(_("unknown county %(name)s") % {"name": county[:80]})
        else:
            values["area_id"] = area.found


def _ambiguous_institution(name: str, match: Match[Institution], lookups: Lookups) -> str:
    # An officer is told the codes of their own institutions only: nothing of the others.
    allowed = lookups.allowed_institutions
    codes = sorted(
        institution.code
        for institution in match.candidates
        if allowed is None or institution.pk in allowed
    )
    if len(codes) > 1:
        return _(
            "institution %(name)s matches more than one institution (%(codes)s); "
            "write its code instead"
        ) % {"name": name[:80], "codes": ", ".join(codes)}
    return _("institution %(name)s matches more than one institution; write its code instead") % {
        "name": name[:80]
    }


def row_check(line: int, raw: dict[str, str], lookups: Lookups) -> CheckedRow:
    """Check one row (``raw`` maps field names to the cells' text)."""
    reasons: list[str] = [
        _("%(field)s is required") % {"field": name.replace("_", " ")}
        for name in ("first_name", "last_name")
        if not raw.get(name)
    ]
    values: dict[str, Any] = {"audience": "civil_servant"}
    for name, limit in LENGTHS.items():
        text = raw.get(name, "")
        if len(text) > limit:
            reasons.append(
                _("%(field)s is longer than %(limit)d characters")
                % {"field": name.replace("_", " "), "limit": limit}
            )
        elif text:
            values[name] = text
    _identifiers(raw, values, reasons)
    born_text = raw.get("date_of_birth", "")
    if born_text:
        born = _date(born_text)
        age = None if born is None else years_between(born, lookups.today)
        if born is None:
            reasons.append(_("date of birth is not a date (use 1990-05-17 or 17/05/1990)"))
        elif age is None or not 0 <= age <= 100:
            reasons.append(_("date of birth is not plausible"))
        elif age < ADULT_AGE:
            reasons.append(_("people under 18 are registered at a centre with their guardian"))
        else:
            values["date_of_birth"] = born
    sex_text = raw.get("sex", "")
    sex = lookups.sex(sex_text) if sex_text else ""
    if sex_text and not sex:
        reasons.append(_("sex must be male, female or intersex"))
    _places(raw, values, reasons, lookups)
    return CheckedRow(line, values, sex, reasons)
