"""Writing a framework as a CASE 1.1 package.

Levels travel as a CFRubric and Kiswahili in ``extensions.ujuzi``; identifiers are
derived, so the same framework always exports the same bytes.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from typing import Any

from ujuzi.competencies.case.checks import RUBRIC_NAMESPACE
from ujuzi.competencies.models import (
    CaseAssociation,
    Competency,
    Framework,
    LevelDescriptor,
    ProficiencyLevel,
)


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
