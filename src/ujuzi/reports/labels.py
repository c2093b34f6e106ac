"""Readable labels for the keys of a table's rows, in the request's language."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from django.conf import settings
from django.utils import formats, translation
from django.utils.translation import gettext as _

from ujuzi.catalog.models import Programme
from ujuzi.competencies.models import Competency
from ujuzi.core.bilingual import pick
from ujuzi.core.models import AdministrativeArea
from ujuzi.delivery.models import Cohort
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
    if dimension == "cohort":
        return _cohort_names(wanted)
    if dimension == "track":
        return _track_names(wanted)
    if dimension == "competency":
        found = Competency.all_objects.filter(pk__in=list(wanted)).values_list(
            "pk", "code", "uri_code"
        )
        return {str(pk): code or uri for pk, code, uri in found}
    return {}


def _cohort_names(codes: set[str]) -> dict[str, str]:
    """A cohort as its pages show it: the course's title, the site and the first day."""
    found = Cohort.all_objects.filter(code__in=codes).values_list(
        "code", "course__title", "site__name", "starts_on"
    )
    return {
        str(code): _("%(course)s at %(site)s, starting %(date)s")
        % {
            "course": pick(title) or str(code),
            "site": site,
            "date": formats.date_format(starts_on, "j M Y"),
        }
        for code, title, site, starts_on in found
    }


def _track_names(slugs: set[str]) -> dict[str, str]:
    """A partner track's name is its framework domain's title; another track's, its programme's.

    (A course without a partner track counts under its programme: see the catalogue.)
    """
    names = {
        str(code): pick(title)
        for code, title in Programme.all_objects.filter(code__in=slugs).values_list("code", "title")
        if pick(title)
    }
    domains = (
        Competency.objects.filter(kind=Competency.Kind.DOMAIN, track__in=slugs)
        # The last one read wins: a published framework's title over a draft's.
        .order_by("framework__status", "framework__version", "position")
        .values_list("track", "title")
    )
    names.update({str(track): pick(title) for track, title in domains if pick(title)})
    return names


def names_in_each_language(dimension: str, keys: Iterable[str]) -> dict[str, dict[str, str]]:
    """Each key's name in every language of the site, e.g. for a message sent later."""
    wanted = set(keys)
    by_language = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            by_language[language] = _names(dimension, wanted)
    return {
        key: {language: names.get(key, key) for language, names in by_language.items()}
        for key in wanted
    }


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
