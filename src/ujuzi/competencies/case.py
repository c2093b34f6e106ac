"""1EdTech CASE 1.0/1.1 packages in and out.

Import is all-or-nothing: a package is checked completely first, and a bad one is
rejected whole with every problem named by its JSON path. Fields Ujuzi models become
columns; every other field of the document, items and associations is kept as it came,
so exporting what was imported gives the same package back. Proficiency levels travel as
a CFRubric; Kiswahili texts travel in ``extensions.ujuzi``.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.text import slugify

from ujuzi.competencies.models import (
    CaseAssociation,
    Competency,
    Framework,
    LevelDescriptor,
    ProficiencyLevel,
)
from ujuzi.core.models import User
from ujuzi.core.records import record_create, records_bulk_create

MAX_BYTES = 25 * 1024 * 1024
MAX_ITEMS = 20_000
MAX_ASSOCIATIONS = 100_000
MAX_IDENTIFIER = 100
ASSOCIATION_TYPES = {
    "isChildOf", "isPeerOf", "isPartOf", "exactMatchOf", "precedes", "isRelatedTo",
    "replacedBy", "exemplar", "hasSkillLevel", "isTranslationOf",
}  # fmt: skip
DEFAULT_SCALE = (
    (1, {"en": "Foundation", "sw": "Msingi"}),
    (2, {"en": "Intermediate", "sw": "Kati"}),
    (3, {"en": "Advanced", "sw": "Juu"}),
    (4, {"en": "Expert / leader", "sw": "Mtaalamu / kiongozi"}),
)
RUBRIC_NAMESPACE = uuid.UUID("7f3b0c1e-3c49-4c9b-9a57-5b1f3f9e2a10")
_URI_SAFE = re.compile(r"[^A-Za-z0-9._-]+")


class CaseImportError(ValueError):
    """A package that cannot be imported; ``problems`` lists every reason by JSON path."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems[:5]) + (" …" if len(problems) > 5 else ""))
        self.problems = problems


def _text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _check_identifier(value: Any, path: str, seen: set[str], problems: list[str]) -> None:
    if not _text(value):
        problems.append(f"{path}.identifier: missing or empty")
    elif len(value) > MAX_IDENTIFIER:
        problems.append(f"{path}.identifier: longer than {MAX_IDENTIFIER} characters")
    elif value in seen:
        problems.append(f"{path}.identifier: {value!r} appears more than once")
    else:
        seen.add(value)


def _unwrap(package: Any) -> Any:
    """CASE 1.0 exports may wrap the package in ``CFPackage``."""
    if isinstance(package, Mapping) and isinstance(package.get("CFPackage"), Mapping):
        return package["CFPackage"]
    return package


def check_package(package: Any) -> list[str]:
    """Every problem with a package, by JSON path; empty when it can be imported."""
    package = _unwrap(package)
    if not isinstance(package, Mapping):
        return ["$: a CASE package is a JSON object"]
    problems: list[str] = []
    seen: set[str] = set()
    document = package.get("CFDocument")
    if not isinstance(document, Mapping):
        problems.append("$.CFDocument: missing or not an object")
    else:
        _check_identifier(document.get("identifier"), "$.CFDocument", seen, problems)
        if not _text(document.get("title")):
            problems.append("$.CFDocument.title: missing or empty")
    items = package.get("CFItems", [])
    if not isinstance(items, list):
        problems.append("$.CFItems: not a list")
        items = []
    if len(items) > MAX_ITEMS:
        problems.append(f"$.CFItems: {len(items)} items; at most {MAX_ITEMS} are accepted")
    for index, item in enumerate(items[:MAX_ITEMS]):
        path = f"$.CFItems[{index}]"
        if not isinstance(item, Mapping):
            problems.append(f"{path}: not an object")
            continue
        _check_identifier(item.get("identifier"), path, seen, problems)
        if not _text(item.get("fullStatement")):
            problems.append(f"{path}.fullStatement: missing or empty")
        code = item.get("humanCodingScheme")
        if code is not None and (not isinstance(code, str) or len(code) > 100):
            problems.append(f"{path}.humanCodingScheme: not text of at most 100 characters")
    associations = package.get("CFAssociations", [])
    if not isinstance(associations, list):
        problems.append("$.CFAssociations: not a list")
        associations = []
    if len(associations) > MAX_ASSOCIATIONS:
        problems.append(f"$.CFAssociations: more than {MAX_ASSOCIATIONS} associations")
    seen_associations: set[str] = set()
    for index, association in enumerate(associations[:MAX_ASSOCIATIONS]):
        path = f"$.CFAssociations[{index}]"
        if not isinstance(association, Mapping):
            problems.append(f"{path}: not an object")
            continue
        _check_identifier(association.get("identifier"), path, seen_associations, problems)
        kind = association.get("associationType")
        if not (kind in ASSOCIATION_TYPES or (isinstance(kind, str) and kind.startswith("ext:"))):
            problems.append(f"{path}.associationType: {kind!r} is not a CASE association type")
        for end in ("originNodeURI", "destinationNodeURI"):
            node = association.get(end)
            if not isinstance(node, Mapping) or not _text(node.get("identifier")):
                problems.append(f"{path}.{end}: needs an object with an identifier")
    if not problems:
        problems.extend(_check_hierarchy(package))
    return problems


def _parents(package: Mapping[str, Any]) -> dict[str, tuple[str, int | None]]:
    """Item identifier → (parent identifier, sequence number) from isChildOf associations."""
    items = {item["identifier"] for item in package.get("CFItems", [])}
    parents: dict[str, tuple[str, int | None]] = {}
    for association in package.get("CFAssociations", []):
        child = association["originNodeURI"]["identifier"]
        parent = association["destinationNodeURI"]["identifier"]
        if association["associationType"] == "isChildOf" and child in items and parent in items:
            sequence = association.get("sequenceNumber")
            parents.setdefault(child, (parent, sequence if isinstance(sequence, int) else None))
    return parents


def _check_hierarchy(package: Mapping[str, Any]) -> list[str]:
    parents = _parents(package)
    for start in parents:
        seen = {start}
        node = start
        while node in parents:
            node = parents[node][0]
            if node in seen:
                return [f"$.CFAssociations: isChildOf associations form a loop through {start!r}"]
            seen.add(node)
    return []


def parse_package(raw: bytes) -> dict[str, Any]:
    """Read a package from bytes; CaseImportError names what is wrong."""
    if len(raw) > MAX_BYTES:
        raise CaseImportError([f"$: the file is larger than {MAX_BYTES // (1024 * 1024)} MB"])
    try:
        package = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        raise CaseImportError(
            [f"$: not UTF-8 text ({error.reason} at byte {error.start})"]
        ) from error
    except json.JSONDecodeError as error:
        raise CaseImportError(
            [f"$: not JSON ({error.msg} at line {error.lineno}, column {error.colno})"]
        ) from error
    return dict(_unwrap(package)) if isinstance(_unwrap(package), Mapping) else package


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
    package = _unwrap(package)
    problems = check_package(package)
    document = package.get("CFDocument", {}) if isinstance(package, Mapping) else {}
    ours = _ujuzi(document.get("extensions"))
    slug = ours.get("slug") or slugify(str(document.get("title", "")))[:80] or "framework"
    version = str(document.get("version") or "1")
    if not problems and Framework.all_objects.filter(slug=slug, version=version).exists():
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
                **_foreign_rubrics(package),
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


def _foreign_rubrics(package: Mapping[str, Any]) -> dict[str, Any]:
    rubrics = [
        rubric for rubric in package.get("CFRubrics", []) if not _ujuzi(rubric.get("extensions"))
    ]
    return {"CFRubrics": rubrics} if rubrics else {}


def _uri_code(code: str, identifier: str, taken: set[str]) -> str:
    candidate = _URI_SAFE.sub("-", code).strip("-") if code else ""
    if not candidate or candidate in taken:
        candidate = _URI_SAFE.sub("-", identifier)
    taken.add(candidate)
    return candidate


def _import_items(
    framework: Framework, package: Mapping[str, Any], by: User | None
) -> dict[str, Competency]:
    parents = _parents(package)
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
    rubric = next((r for r in package.get("CFRubrics", []) if _ujuzi(r.get("extensions"))), None)
    scale = _ujuzi(rubric.get("extensions")).get("levels") if rubric else None
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
    descriptors = []
    for criterion in (rubric or {}).get("CFRubricCriteria", []):
        competency = items.get(criterion.get("CFItemURI", {}).get("identifier", ""))
        if competency is None:
            continue
        for level in criterion.get("CFRubricCriterionLevels", []):
            sw = _ujuzi(level.get("extensions")).get("description_sw")
            descriptors.append(
                LevelDescriptor(
                    competency=competency,
                    level_number=int(level["score"]),
                    text=_bilingual(level.get("description"), sw),
                )
            )
    records_bulk_create(descriptors, by=by, action="framework.import.descriptors")
    return len(levels)


def _derived_id(*parts: str) -> str:
    return str(uuid.uuid5(RUBRIC_NAMESPACE, "|".join(parts)))


def _with_ujuzi(extra: Mapping[str, Any], ours: Mapping[str, Any]) -> dict[str, Any]:
    result = dict(extra)
    present = {key: value for key, value in ours.items() if value}
    if present:
        result["extensions"] = {**dict(extra.get("extensions", {})), "ujuzi": present}
    return result


def _node(item: Competency) -> dict[str, Any]:
    return {
        "identifier": item.case_identifier,
        "title": item.title.get("en", ""),
        "uri": item.case_extra.get("uri", ""),
    }


def framework_package(framework: Framework) -> dict[str, Any]:
    """The framework as a CASE 1.1 package (a dict ready for JSON)."""
    extra = dict(framework.case_extra)
    document = _with_ujuzi(
        extra.get("CFDocument", {}),
        {
            "slug": framework.slug,
            "title_sw": framework.title.get("sw"),
            "description_sw": framework.description.get("sw"),
        },
    )
    document |= {"identifier": framework.case_identifier, "title": framework.title.get("en", "")}
    document["version"] = framework.version
    if framework.description.get("en"):
        document["description"] = framework.description["en"]
    items = list(Competency.objects.filter(framework=framework).order_by("position"))
    package: dict[str, Any] = {"CFDocument": document, "CFItems": [_item(item) for item in items]}
    package["CFAssociations"] = [
        {
            **association.case_extra,
            "identifier": association.case_identifier,
            "associationType": association.association_type,
            "originNodeURI": association.origin_node,
            "destinationNodeURI": association.destination_node,
        }
        for association in CaseAssociation.objects.filter(framework=framework).order_by("position")
    ]
    if "CFDefinitions" in extra:
        package["CFDefinitions"] = extra["CFDefinitions"]
    package["CFRubrics"] = [*extra.get("CFRubrics", []), _rubric(framework, items)]
    return package


def _item(item: Competency) -> dict[str, Any]:
    exported = _with_ujuzi(
        item.case_extra,
        {
            "title_sw": item.title.get("sw"),
            "description_sw": item.description.get("sw"),
            "track": item.track,
        },
    )
    exported |= {"identifier": item.case_identifier, "fullStatement": item.title.get("en", "")}
    if item.code:
        exported["humanCodingScheme"] = item.code
    if item.description.get("en"):
        exported["notes"] = item.description["en"]
    return exported


def _rubric(framework: Framework, items: list[Competency]) -> dict[str, Any]:
    levels = list(ProficiencyLevel.objects.filter(framework=framework).order_by("number"))
    labels = {level.number: level.label.get("en", "") for level in levels}
    by_item: dict[uuid.UUID, list[LevelDescriptor]] = {}
    for descriptor in LevelDescriptor.objects.filter(competency__framework=framework).order_by(
        "level_number"
    ):
        by_item.setdefault(descriptor.competency_id, []).append(descriptor)
    criteria: list[dict[str, Any]] = []
    for item in items:
        descriptors = by_item.get(item.pk, [])
        if not descriptors:
            continue
        criteria.append(
            {
                "identifier": _derived_id(framework.case_identifier, item.case_identifier),
                "category": "proficiency",
                "CFItemURI": _node(item),
                "position": len(criteria) + 1,
                "CFRubricCriterionLevels": [
                    _with_ujuzi(
                        {
                            "identifier": _derived_id(item.case_identifier, str(d.level_number)),
                            "score": d.level_number,
                            "position": d.level_number,
                            "quality": labels.get(d.level_number, ""),
                            "description": d.text.get("en", ""),
                        },
                        {"description_sw": d.text.get("sw")},
                    )
                    for d in descriptors
                ],
            }
        )
    return {
        "identifier": _derived_id(framework.case_identifier, "levels"),
        "title": "Proficiency levels",
        "CFRubricCriteria": criteria,
        "extensions": {
            "ujuzi": {
                "levels": [
                    {"number": level.number, "label": level.label, "description": level.description}
                    for level in levels
                ]
            }
        },
    }


def dumps(package: Mapping[str, Any]) -> str:
    """The one written form of a package: sorted keys, two-space indent, UTF-8."""
    return json.dumps(package, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
