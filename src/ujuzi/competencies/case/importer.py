"""Importing a checked CASE package as a new framework version, all or nothing.

Fields Ujuzi models become columns; every other field of the document, items and
associations is kept in ``case_extra`` so that exporting gives the same package back.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.text import slugify

from ujuzi.competencies.case.checks import (
    DEFAULT_SCALE,
    URI_SAFE,
    CaseImportError,
    check_package,
    parents_of,
    unwrap,
)
from ujuzi.competencies.case.exporter import rubric_identifier
from ujuzi.competencies.models import (
    CaseAssociation,
    Competency,
    Framework,
    LevelDescriptor,
    ProficiencyLevel,
)
from ujuzi.core.models import User
from ujuzi.core.records import record_create, records_bulk_create


def _ujuzi(extensions: Any) -> dict[str, Any]:
    if isinstance(extensions, Mapping) and isinstance(extensions.get("ujuzi"), Mapping):
        return dict(extensions["ujuzi"])
    return {}


def _without(mapping: Mapping[str, Any], *names: str) -> dict[str, Any]:
    """The fields Ujuzi does not model, kept to write back unchanged."""
    extra = {key: value for key, value in mapping.items() if key not in names}
    if isinstance(extra.get("extensions"), Mapping):
        others = {key: value for key, value in extra["extensions"].items() if key != "ujuzi"}
        if others:
            extra["extensions"] = others
        else:
            extra.pop("extensions")
    return extra


def _bilingual(english: Any, kiswahili: Any) -> dict[str, str]:
    value = {"en": english} if isinstance(english, str) and english else {}
    if isinstance(kiswahili, str) and kiswahili:
        value["sw"] = kiswahili
    return value


@dataclass(frozen=True)
class ImportResult:
    """What an import created."""

    framework: Framework
    items: int
    associations: int
    levels: int


@transaction.atomic
def framework_import(package: Any, *, by: User | None, status: str = "") -> ImportResult:
    """Import a checked package as a new framework version; nothing is written on error."""
    package = unwrap(package)
    problems = check_package(package)
    document = package.get("CFDocument", {}) if isinstance(package, Mapping) else {}
    ours = _ujuzi(document.get("extensions"))
    slug = ours.get("slug") or slugify(str(document.get("title", "")))[:80] or "framework"
    version = str(document.get("version") or "1")
    # A deleted version does not hold its slug and version: it may be imported again.
    if not problems and Framework.objects.filter(slug=slug, version=version).exists():
        problems.append(f"$.CFDocument: framework {slug!r} version {version!r} is already here")
    if problems:
        raise CaseImportError(problems)
    adoption = document.get("adoptionStatus")
    framework = record_create(
        Framework(
            slug=slug,
            version=version,
            status=status or ("draft" if adoption == "Draft" else "published"),
            title=_bilingual(document["title"], ours.get("title_sw")),
            description=_bilingual(document.get("description"), ours.get("description_sw")),
            case_identifier=document["identifier"],
            case_extra={
                "CFDocument": _without(document, "identifier", "title", "description", "version"),
                **{key: package[key] for key in ("CFDefinitions",) if key in package},
                **_foreign_rubrics(package, document["identifier"]),
            },
        ),
        by=by,
        action="framework.import",
    )
    items = _import_items(framework, package, by)
    associations = [
        CaseAssociation(
            framework=framework,
            case_identifier=association["identifier"],
            association_type=association["associationType"],
            origin_node=association["originNodeURI"],
            destination_node=association["destinationNodeURI"],
            is_external=not _is_inside(association, items, document["identifier"]),
            position=index,
            case_extra=_without(
                association, "identifier", "associationType", "originNodeURI", "destinationNodeURI"
            ),
        )
        for index, association in enumerate(package.get("CFAssociations", []))
    ]
    records_bulk_create(associations, by=by, action="framework.import.associations")
    levels = _import_levels(framework, package, items, by)
    return ImportResult(framework, len(items), len(associations), levels)


def _is_inside(
    association: Mapping[str, Any], items: Mapping[str, Competency], document: str
) -> bool:
    ends = (
        association["originNodeURI"]["identifier"],
        association["destinationNodeURI"]["identifier"],
    )
    return all(end in items or end == document for end in ends)


def _is_levels_rubric(rubric: Any, document: str) -> bool:
    """Ujuzi's levels rubric: named by its derived identifier (or, before, by its extension)."""
    return isinstance(rubric, Mapping) and (
        rubric.get("identifier") == rubric_identifier(document)
        or bool(_ujuzi(rubric.get("extensions")))
    )


def _foreign_rubrics(package: Mapping[str, Any], document: str) -> dict[str, Any]:
    rubrics = [
        rubric for rubric in package.get("CFRubrics", []) if not _is_levels_rubric(rubric, document)
    ]
    return {"CFRubrics": rubrics} if rubrics else {}


def _uri_code(code: str, identifier: str, taken: set[str]) -> str:
    candidate = URI_SAFE.sub("-", code).strip("-") if code else ""
    if not candidate or candidate in taken:
        candidate = URI_SAFE.sub("-", identifier)
    taken.add(candidate)
    return candidate


def _import_items(
    framework: Framework, package: Mapping[str, Any], by: User | None
) -> dict[str, Competency]:
    parents = parents_of(package)
    has_children = {parent for parent, _ in parents.values()}
    taken: set[str] = set()
    items: dict[str, Competency] = {}
    for index, item in enumerate(package.get("CFItems", [])):
        ours = _ujuzi(item.get("extensions"))
        identifier = item["identifier"]
        code = item.get("humanCodingScheme") or ""
        items[identifier] = Competency(
            framework=framework,
            kind=Competency.Kind.DOMAIN
            if identifier in has_children
            else Competency.Kind.COMPETENCY,
            code=code,
            uri_code=_uri_code(code, identifier, taken),
            title=_bilingual(item["fullStatement"], ours.get("title_sw")),
            description=_bilingual(item.get("notes"), ours.get("description_sw")),
            track=str(ours.get("track", ""))[:60],
            position=index,
            case_identifier=identifier,
            case_extra=_without(item, "identifier", "fullStatement", "humanCodingScheme", "notes"),
        )
    for identifier, (parent, _sequence) in parents.items():
        items[identifier].parent = items[parent]
    records_bulk_create(list(items.values()), by=by, action="framework.import.items")
    return items


def _import_levels(
    framework: Framework,
    package: Mapping[str, Any],
    items: Mapping[str, Competency],
    by: User | None,
) -> int:
    document = package["CFDocument"]
    rubric = next(
        (r for r in package.get("CFRubrics", []) if _is_levels_rubric(r, document["identifier"])),
        None,
    )
    # The scale travels in the document's extension; exports before 2026 put it on the rubric.
    scale = _ujuzi(document.get("extensions")).get("levels") or (
        _ujuzi(rubric.get("extensions")).get("levels") if rubric else None
    )
    if not scale:
        scale = [
            {"number": number, "label": label, "description": {}} for number, label in DEFAULT_SCALE
        ]
    levels = [
        ProficiencyLevel(
            framework=framework,
            number=int(level["number"]),
            label=dict(level.get("label", {})),
            description=dict(level.get("description", {})),
        )
        for level in scale
    ]
    records_bulk_create(levels, by=by, action="framework.import.levels")
    kiswahili = {
        item["identifier"]: _ujuzi(item.get("extensions")).get("level_descriptions_sw") or {}
        for item in package.get("CFItems", [])
    }
    descriptors = []
    for criterion in (rubric or {}).get("CFRubricCriteria", []):
        identifier = criterion.get("CFItemURI", {}).get("identifier", "")
        competency = items.get(identifier)
        if competency is None:
            continue
        for level in criterion.get("CFRubricCriterionLevels", []):
            sw = kiswahili.get(identifier, {}).get(str(int(level["score"]))) or _ujuzi(
                level.get("extensions")
            ).get("description_sw")
            descriptors.append(
                LevelDescriptor(
                    competency=competency,
                    level_number=int(level["score"]),
                    text=_bilingual(level.get("description"), sw),
                )
            )
    records_bulk_create(descriptors, by=by, action="framework.import.descriptors")
    return len(levels)
