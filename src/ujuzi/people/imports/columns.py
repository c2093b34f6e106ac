"""Matching a file's headers to Ujuzi's fields, case-insensitively, with common aliases."""

from __future__ import annotations

import re
from collections.abc import Mapping

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ujuzi.people.imports.reading import UnusableFile

FIELDS = (
    "personal_number",
    "national_id",
    "first_name",
    "middle_name",
    "last_name",
    "sex",
    "date_of_birth",
    "email",
    "phone",
    "institution",
    "job_title",
    "grade",
    "county",
)
REQUIRED = ("first_name", "last_name")
FIELD_LABELS = {
    "personal_number": gettext_lazy("personal number"),
    "national_id": gettext_lazy("national ID number"),
    "first_name": gettext_lazy("first name"),
    "middle_name": gettext_lazy("middle name"),
    "last_name": gettext_lazy("last name"),
    "sex": gettext_lazy("sex"),
    "date_of_birth": gettext_lazy("date of birth"),
    "email": gettext_lazy("e-mail"),
    "phone": gettext_lazy("phone"),
    "institution": gettext_lazy("institution"),
    "job_title": gettext_lazy("job title"),
    "grade": gettext_lazy("job group / grade"),
    "county": gettext_lazy("county or district"),
}
ALIASES: dict[str, tuple[str, ...]] = {
    "personal_number": (
        "personal no",
        "pf number",
        "pf no",
        "payroll number",
        "upn",
        "ippd number",
        "staff number",
        "employee number",
    ),
    "national_id": ("id number", "id no", "national id number", "nid", "id"),
    "first_name": ("first name", "given name", "firstname", "jina la kwanza"),
    "middle_name": ("middle name", "other names", "other name", "middlename"),
    "last_name": ("surname", "last name", "family name", "lastname", "jina la ukoo"),
    "sex": ("gender", "jinsia"),
    "date_of_birth": ("dob", "birth date", "date of birth", "birthdate"),
    "email": ("e-mail", "email address", "e-mail address", "barua pepe"),
    "phone": ("mobile", "phone number", "telephone", "mobile number", "cell phone", "simu"),
    "institution": (
        "ministry",
        "department",
        "organisation",
        "organization",
        "employer",
        "mda",
        "taasisi",
    ),
    "job_title": ("designation", "position", "title", "job", "cheo"),
    "grade": ("job group", "jg", "grade band", "csg", "scale", "kundi la kazi"),
    "county": ("county name", "county code", "duty station county", "kaunti"),
}


def _normal(header: str) -> str:
    return re.sub(r"[\s_.\-/]+", " ", header.strip().lower()).strip()


LOOKUP = {_normal(name): name for name in FIELDS} | {
    _normal(alias): name for name, aliases in ALIASES.items() for alias in aliases
}


def column_guess(header: str) -> str:
    """The field a header is read as without help ("" when none)."""
    return LOOKUP.get(_normal(header), "")


def columns_match(header: list[str], chosen: Mapping[str, str] | None = None) -> dict[int, str]:
    """Column index → field. ``chosen`` (from the mapping step) maps a header to a field.

    Raises ``UnusableFile`` when a required field has no column or a field has two.
    """
    chosen = {_normal(k): v for k, v in (chosen or {}).items() if v}
    found: dict[int, str] = {}
    for index, name in enumerate(header):
        field = chosen.get(_normal(name)) or LOOKUP.get(_normal(name))
        if field is None or field not in FIELDS:
            continue
        if field in found.values():
            raise UnusableFile(
                _("Two columns are read as “%(field)s”; keep one.") % {"field": field}
            )
        found[index] = field
    missing = [field for field in REQUIRED if field not in found.values()]
    if missing:
        raise UnusableFile(
            _("The file has no column for: %(fields)s. Columns found: %(found)s.")
            % {"fields": ", ".join(missing), "found": ", ".join(header) or "—"}
        )
    return found
