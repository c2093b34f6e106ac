"""Writing a framework as a CASE 1.1 package that passes the 1EdTech CASE JSON Schema.

Levels travel as a CFRubric. The schema allows no extra fields on a rubric, its criteria
or levels, so Ujuzi's own data travels in ``extensions.ujuzi`` of the document (the
scale) and of each item (the Kiswahili level descriptors). Identifiers are derived, so
the same framework always exports the same bytes: fields the schema requires and the
framework does not hold (``uri``, ``lastChangeDateTime``, ``creator``) are derived from
what is stored, and an identifier that is not a UUID is written as a UUID derived from it.
Packages written by other tools may be looser than the schema (date-times without a
zone, sequence numbers as text, ``null`` for optional text); those are written in the
schema's form.
"""

from __future__ import annotations

import datetime
import json
import re
import uuid
from collections.abc import Mapping
from typing import Any

from django.conf import settings

from ujuzi.competencies.case.checks import RUBRIC_NAMESPACE
from ujuzi.competencies.models import (
    CaseAssociation,
    Competency,
    Framework,
    LevelDescriptor,
    ProficiencyLevel,
)

CREATOR = "Ujuzi"
UUID_FORM = re.compile(
    r"[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}"
)
# An ISO 8601 date-time without a zone; CASE 1.0 tools (OpenSALT) wrote UTC this way.
NAIVE_DATE_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?")
DATE_TIME_FIELDS = ("lastChangeDateTime", "statusStartDate", "statusEndDate")
DEFINITION_NULLABLE = {"typeCode"}


def _derived_id(*parts: str) -> str:
    return str(uuid.uuid5(RUBRIC_NAMESPACE, "|".join(parts)))


def case_uuid(identifier: str) -> str:
    """The identifier as written: itself when it is a UUID, else a UUID derived from it."""
    return identifier if UUID_FORM.fullmatch(identifier) else _derived_id("identifier", identifier)


def case_uri(identifier: str) -> str:
    """The URI of a CASE object that has no page of its own (association, rubric parts)."""
    return f"urn:uuid:{case_uuid(identifier)}"


def rubric_identifier(document: str) -> str:
    """The identifier of the rubric that carries a framework's levels."""
    return _derived_id(case_uuid(document), "levels")


def criterion_identifier(document: str, item: str) -> str:
    """The identifier of one competency's criterion in the levels rubric."""
    return _derived_id(document, item)


def level_identifier(item: str, number: int) -> str:
    """The identifier of one level of one competency's criterion."""
    return _derived_id(item, str(number))


def _date_time(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).isoformat(timespec="seconds")


def _with_ujuzi(extra: Mapping[str, Any], ours: Mapping[str, Any]) -> dict[str, Any]:
    result = dict(extra)
    present = {key: value for key, value in ours.items() if value}
    if present:
        result["extensions"] = {**dict(extra.get("extensions", {})), "ujuzi": present}
    return result


def _conform(entry: Mapping[str, Any]) -> dict[str, Any]:
    """One object in the schema's form: zoned date-times, whole sequence numbers."""
    result = dict(entry)
    for name in DATE_TIME_FIELDS:
        value = result.get(name)
        if isinstance(value, str) and NAIVE_DATE_TIME.fullmatch(value):
            result[name] = value + "+00:00"
    sequence = result.get("sequenceNumber")
    if isinstance(sequence, str) and sequence.strip().isdigit():
        result["sequenceNumber"] = int(sequence)
    return result


def _definitions(definitions: Any) -> Any:
    """Definitions without ``null`` for optional text, which the schema does not allow."""
    if not isinstance(definitions, Mapping):
        return definitions
    return {
        kind: [
            _conform(
                {
                    key: value
                    for key, value in entry.items()
                    if value is not None or key in DEFINITION_NULLABLE
                }
            )
            if isinstance(entry, Mapping)
            else entry
            for entry in entries
        ]
        if isinstance(entries, list)
        else entries
        for kind, entries in definitions.items()
    }


class _Writer:
    """The identifiers, URIs and dates of one framework's package."""

    def __init__(self, framework: Framework) -> None:
        self.framework = framework
        self.base = f"{settings.UJUZI.public_url}/competencies/{framework.slug}"
        document = framework.case_extra.get("CFDocument", {})
        self.document_id = case_uuid(framework.case_identifier)
        self.document_uri = str(document.get("uri") or f"{self.base}/")
        self.changed = _conform({"lastChangeDateTime": document.get("lastChangeDateTime")}).get(
            "lastChangeDateTime"
        ) or _date_time(framework.created_at)
        self.items = list(Competency.objects.filter(framework=framework).order_by("position"))
        self.by_identifier = {item.case_identifier: item for item in self.items}

    def item_uri(self, item: Competency) -> str:
        return str(item.case_extra.get("uri") or f"{self.base}/{item.uri_code}/")

    def item_changed(self, item: Competency) -> str:
        changed = _conform({"lastChangeDateTime": item.case_extra.get("lastChangeDateTime")})
        return str(changed.get("lastChangeDateTime") or _date_time(item.created_at))

    def node(self, item: Competency) -> dict[str, Any]:
        return {
            "identifier": case_uuid(item.case_identifier),
            "title": item.title.get("en", ""),
            "uri": self.item_uri(item),
        }

    def end(self, node: Mapping[str, Any]) -> dict[str, Any]:
        """An association's end; one inside the framework is written as it is exported."""
        identifier = str(node.get("identifier", ""))
        item = self.by_identifier.get(identifier)
        if item is not None:
            known = self.node(item)
        elif identifier == self.framework.case_identifier:
            title = self.framework.title.get("en", "")
            known = {"identifier": self.document_id, "title": title, "uri": self.document_uri}
        else:  # outside the framework: any text may identify it (the schema's LinkGenURI)
            known = {"identifier": identifier, "title": "", "uri": case_uri(identifier)}
        return {**known, **node, "identifier": known["identifier"]}


def framework_package(framework: Framework) -> dict[str, Any]:
    """The framework as a CASE 1.1 package (a dict ready for JSON)."""
    writer = _Writer(framework)
    extra = dict(framework.case_extra)
    levels = list(ProficiencyLevel.objects.filter(framework=framework).order_by("number"))
    document = _with_ujuzi(
        _conform(extra.get("CFDocument", {})),
        {
            "slug": framework.slug,
            "title_sw": framework.title.get("sw"),
            "description_sw": framework.description.get("sw"),
            "levels": [
                {"number": level.number, "label": level.label, "description": level.description}
                for level in levels
            ],
        },
    )
    document |= {
        "identifier": writer.document_id,
        "uri": writer.document_uri,
        "title": framework.title.get("en", ""),
        "lastChangeDateTime": writer.changed,
        "version": framework.version,
    }
    document.setdefault("creator", CREATOR)
    if framework.description.get("en"):
        document["description"] = framework.description["en"]
    descriptors: dict[uuid.UUID, list[LevelDescriptor]] = {}
    for descriptor in LevelDescriptor.objects.filter(competency__framework=framework).order_by(
        "level_number"
    ):
        descriptors.setdefault(descriptor.competency_id, []).append(descriptor)
    package: dict[str, Any] = {
        "CFDocument": document,
        "CFItems": [_item(writer, item, descriptors.get(item.pk, [])) for item in writer.items],
    }
    package["CFAssociations"] = [
        _association(writer, association)
        for association in CaseAssociation.objects.filter(framework=framework).order_by("position")
    ]
    if "CFDefinitions" in extra:
        package["CFDefinitions"] = _definitions(extra["CFDefinitions"])
    labels = {level.number: level.label.get("en", "") for level in levels}
    package["CFRubrics"] = [
        *(_foreign_rubric(writer, rubric) for rubric in extra.get("CFRubrics", [])),
        _rubric(writer, descriptors, labels),
    ]
    return package


def _item(writer: _Writer, item: Competency, descriptors: list[LevelDescriptor]) -> dict[str, Any]:
    exported = _with_ujuzi(
        _conform(item.case_extra),
        {
            "title_sw": item.title.get("sw"),
            "description_sw": item.description.get("sw"),
            "track": item.track,
            "level_descriptions_sw": {
                str(d.level_number): d.text["sw"] for d in descriptors if d.text.get("sw")
            },
        },
    )
    exported |= {
        "identifier": case_uuid(item.case_identifier),
        "uri": writer.item_uri(item),
        "fullStatement": item.title.get("en", ""),
        "lastChangeDateTime": writer.item_changed(item),
    }
    if item.code:
        exported["humanCodingScheme"] = item.code
    if item.description.get("en"):
        exported["notes"] = item.description["en"]
    return exported


def _association(writer: _Writer, association: CaseAssociation) -> dict[str, Any]:
    exported = _conform(association.case_extra)
    identifier = case_uuid(association.case_identifier)
    exported.setdefault("uri", case_uri(identifier))
    exported.setdefault("lastChangeDateTime", writer.changed)
    return exported | {
        "identifier": identifier,
        "associationType": association.association_type,
        "originNodeURI": writer.end(association.origin_node),
        "destinationNodeURI": writer.end(association.destination_node),
    }


def _foreign_rubric(writer: _Writer, rubric: Mapping[str, Any]) -> dict[str, Any]:
    """Another tool's rubric as it came, with the fields the schema requires filled in."""

    def filled(entry: Mapping[str, Any]) -> dict[str, Any]:
        result = _conform(entry)
        if isinstance(result.get("identifier"), str):
            result.setdefault("uri", case_uri(result["identifier"]))
        result.setdefault("lastChangeDateTime", writer.changed)
        return result

    written = filled(rubric)
    if isinstance(written.get("CFRubricCriteria"), list):
        written["CFRubricCriteria"] = [
            filled(criterion)
            | {
                "CFRubricCriterionLevels": [
                    filled(level) for level in criterion.get("CFRubricCriterionLevels", [])
                ]
            }
            if isinstance(criterion, Mapping)
            else criterion
            for criterion in written["CFRubricCriteria"]
        ]
    return written


def _rubric(
    writer: _Writer,
    descriptors: Mapping[uuid.UUID, list[LevelDescriptor]],
    labels: Mapping[int, str],
) -> dict[str, Any]:
    criteria: list[dict[str, Any]] = []
    for item in writer.items:
        if not descriptors.get(item.pk):
            continue
        item_id = case_uuid(item.case_identifier)
        criterion_id = criterion_identifier(writer.document_id, item_id)
        changed = writer.item_changed(item)
        criteria.append(
            {
                "identifier": criterion_id,
                "uri": case_uri(criterion_id),
                "lastChangeDateTime": changed,
                "category": "proficiency",
                "CFItemURI": writer.node(item),
                "position": len(criteria) + 1,
                "CFRubricCriterionLevels": [
                    {
                        "identifier": level_identifier(item_id, d.level_number),
                        "uri": case_uri(level_identifier(item_id, d.level_number)),
                        "lastChangeDateTime": changed,
                        "score": d.level_number,
                        "position": d.level_number,
                        "quality": labels.get(d.level_number, ""),
                        "description": d.text.get("en", ""),
                    }
                    for d in descriptors[item.pk]
                ],
            }
        )
    identifier = rubric_identifier(writer.document_id)
    return {
        "identifier": identifier,
        "uri": case_uri(identifier),
        "lastChangeDateTime": writer.changed,
        "title": "Proficiency levels",
        "CFRubricCriteria": criteria,
    }


def dumps(package: Mapping[str, Any]) -> str:
    """The one written form of a package: sorted keys, two-space indent, UTF-8."""
    return json.dumps(package, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
