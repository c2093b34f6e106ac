"""Readable labels for the keys of a table's rows, in the request's language."""

from __future__ import annotations

import uuid

from django.utils.translation import gettext as _

from ujuzi.catalog.models import Programme
from ujuzi.competencies.models import Competency
from ujuzi.core.bilingual import pick
from ujuzi.core.models import AdministrativeArea
from ujuzi.people.models import Institution, Person, PersonSensitive
from ujuzi.places.models import Site
from ujuzi.reports.mappings import mappings


def _names(dimension: str, keys: set[str]) -> dict[str, str]:
    wanted = {key for key in keys if key}
    if dimension == "sex":
        return {key: str(label) for key, label in PersonSensitive.Sex.choices}
    if dimension == "disability":
        return {"yes": _("with a disability"), "no": _("without a disability")}
    if dimension == "urban_rural":
        return {"urban": _("urban"), "rural": _("rural")}
    if dimension == "audience":
        return {key: str(label) for key, label in Person.Audience.choices}
    if dimension == "site_kind":
        return {key: str(label) for key, label in Site.Kind.choices}
    if dimension == "grade_band":
        return dict(mappings().grade_band_labels)
    if dimension == "county":
        return dict(AdministrativeArea.objects.filter(key__in=wanted).values_list("key", "name"))
    if dimension == "institution":
        ids = []
        for key in wanted:
            try:
                ids.append(uuid.UUID(key))
            except ValueError:
                continue
        named = Institution.all_objects.filter(pk__in=ids).values_list("pk", "name")
        return {str(pk): str(name) for pk, name in named}
    if dimension == "programme":
        titled = Programme.all_objects.filter(code__in=wanted).values_list("code", "title")
        return {str(code): pick(title) or str(code) for code, title in titled}
    if dimension == "competency":
        found = Competency.all_objects.filter(pk__in=list(wanted)).values_list(
            "pk", "code", "uri_code"
        )
        return {str(pk): code or uri for pk, code, uri in found}
    return {}


def labels_for(
    by: tuple[str, ...], keys: list[tuple[str, ...]]
) -> dict[tuple[str, ...], tuple[str, ...]]:
    """Each row key's labels; an empty key reads "not recorded"."""
    names = [_names(dimension, {key[i] for key in keys}) for i, dimension in enumerate(by)]
    return {
        key: tuple(
            names[i].get(value, value) if value else _("not recorded")
            for i, value in enumerate(key)
        )
        for key in keys
    }
