"""Reading and checking CASE 1.0/1.1 packages before anything is written.

A package is checked completely and every problem is named by its JSON path, so an
operator can mend a file in one pass; limits keep a hostile file from exhausting memory.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Mapping
from typing import Any

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
URI_SAFE = re.compile(r"[^A-Za-z0-9._-]+")


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


def unwrap(package: Any) -> Any:
    """CASE 1.0 exports may wrap the package in ``CFPackage``."""
    if isinstance(package, Mapping) and isinstance(package.get("CFPackage"), Mapping):
        return package["CFPackage"]
    return package


def check_package(package: Any) -> list[str]:
    """Every problem with a package, by JSON path; empty when it can be imported."""
    package = unwrap(package)
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


def parents_of(package: Mapping[str, Any]) -> dict[str, tuple[str, int | None]]:
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
    parents = parents_of(package)
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
    return dict(unwrap(package)) if isinstance(unwrap(package), Mapping) else package
