"""The shipped framework, *Digital competencies for the public service*, as a CASE package.

The package passes the 1EdTech CASE JSON Schema, as the exporter's packages do, and carries
the scale and the Kiswahili level descriptors in ``extensions.ujuzi`` where the exporter
puts them.

The descriptors live in ``data/public-service-digital.json`` (English and Kiswahili).
Identifiers are derived from the slug and codes, so every installation gives the same
competencies the same identifiers and public URIs.
"""

from __future__ import annotations

import json
import uuid
from importlib import resources
from typing import Any

from django.conf import settings

from ujuzi.competencies.case import RUBRIC_NAMESPACE, CaseImportError, framework_import
from ujuzi.competencies.case.exporter import (
    case_uri,
    criterion_identifier,
    level_identifier,
    rubric_identifier,
)
from ujuzi.competencies.models import Framework

DEFAULT_FRAMEWORK = "public-service-digital.json"
ISSUED = "2026-01-05T00:00:00+00:00"


def _identifier(*parts: str) -> str:
    return str(uuid.uuid5(RUBRIC_NAMESPACE, "ujuzi-framework|" + "|".join(parts)))


def _source(name: str) -> dict[str, Any]:
    text = (resources.files("ujuzi.competencies") / "data" / name).read_text(encoding="utf-8")
    return dict(json.loads(text))


def default_framework_package(name: str = DEFAULT_FRAMEWORK) -> dict[str, Any]:
    """The shipped framework in CASE form, ready for ``framework_import``."""
    source = _source(name)
    slug = source["slug"]
    base = f"{settings.UJUZI.public_url}/competencies/{slug}"
    document_id = _identifier(slug)
    document_node = {"identifier": document_id, "title": source["title"]["en"], "uri": f"{base}/"}
    items: list[dict[str, Any]] = []
    associations: list[dict[str, Any]] = []
    criteria: list[dict[str, Any]] = []

    def add(
        entry: dict[str, Any], parent: dict[str, Any], sequence: int, track: str
    ) -> dict[str, Any]:
        identifier = _identifier(slug, entry["code"])
        node = {
            "identifier": identifier,
            "title": entry["title"]["en"],
            "uri": f"{base}/{entry['code']}/",
        }
        extensions: dict[str, Any] = {
            "title_sw": entry["title"]["sw"],
            "description_sw": entry["description"]["sw"],
        }
        if track:
            extensions["track"] = track
        if "levels" in entry:
            extensions["level_descriptions_sw"] = {
                level: text["sw"] for level, text in sorted(entry["levels"].items())
            }
        items.append(
            {
                "identifier": identifier,
                "uri": node["uri"],
                "fullStatement": entry["title"]["en"],
                "humanCodingScheme": entry["code"],
                "notes": entry["description"]["en"],
                "language": "en",
                "lastChangeDateTime": ISSUED,
                "CFItemType": "Competency" if "levels" in entry else "Domain",
                "extensions": {"ujuzi": extensions},
            }
        )
        association = _identifier(slug, entry["code"], "isChildOf")
        associations.append(
            {
                "identifier": association,
                "uri": case_uri(association),
                "associationType": "isChildOf",
                "originNodeURI": node,
                "destinationNodeURI": parent,
                "sequenceNumber": sequence,
                "lastChangeDateTime": ISSUED,
            }
        )
        return node

    for domain_number, domain in enumerate(source["domains"], start=1):
        track = domain.get("track", "")
        domain_node = add(domain, document_node, domain_number, track)
        for number, competency in enumerate(domain["competencies"], start=1):
            node = add(competency, domain_node, number, track)
            criterion = criterion_identifier(document_id, node["identifier"])
            criteria.append(
                {
                    "identifier": criterion,
                    "uri": case_uri(criterion),
                    "lastChangeDateTime": ISSUED,
                    "CFItemURI": node,
                    "CFRubricCriterionLevels": [
                        {
                            "identifier": level_identifier(node["identifier"], int(level)),
                            "uri": case_uri(level_identifier(node["identifier"], int(level))),
                            "lastChangeDateTime": ISSUED,
                            "score": int(level),
                            "description": text["en"],
                        }
                        for level, text in sorted(competency["levels"].items())
                    ],
                }
            )
    return {
        "CFDocument": {
            "identifier": document_id,
            "uri": document_node["uri"],
            "title": source["title"]["en"],
            "description": source["description"]["en"],
            "version": source["version"],
            "creator": "Ujuzi",
            "language": "en",
            "adoptionStatus": "Adopted",
            "lastChangeDateTime": ISSUED,
            "extensions": {
                "ujuzi": {
                    "slug": slug,
                    "title_sw": source["title"]["sw"],
                    "description_sw": source["description"]["sw"],
                    "levels": source["levels"],
                }
            },
        },
        "CFItems": items,
        "CFAssociations": associations,
        "CFRubrics": [
            {
                "identifier": rubric_identifier(document_id),
                "uri": case_uri(rubric_identifier(document_id)),
                "lastChangeDateTime": ISSUED,
                "CFRubricCriteria": criteria,
            }
        ],
    }


def default_frameworks_load() -> int:
    """Load the shipped framework unless this version is already here; return how many."""
    package = default_framework_package()
    slug = package["CFDocument"]["extensions"]["ujuzi"]["slug"]
    if Framework.all_objects.filter(slug=slug, version=package["CFDocument"]["version"]).exists():
        return 0
    try:
        framework_import(package, by=None, status=Framework.Status.PUBLISHED)
    except CaseImportError as error:  # the shipped file is checked by the test suite
        raise RuntimeError(f"the shipped framework is invalid: {error.problems}") from error
    return 1
