"""The shipped item bank (``data/items/*.json``): checked, then loaded by ``ujuzi init``.

One file per domain of the default framework; each question is tagged with a competency
code and a level and written in English and Kiswahili. ``item_bank_check`` lists every
problem by file and path; nothing is loaded from a bank with problems.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from django.db import transaction

from ujuzi.assessment.models import Question
from ujuzi.competencies.models import Competency
from ujuzi.competencies.selectors import framework_current
from ujuzi.core.records import records_bulk_create

FRAMEWORK_SLUG = "public-service-digital"
LANGUAGES = ("en", "sw")
OPTION_COUNTS = {"single": (3, 5), "multiple": (4, 6), "ordering": (3, 5), "numeric": (0, 0)}


def shipped_items() -> list[tuple[str, dict[str, Any]]]:
    """(file name, item) for every question in the shipped bank."""
    folder = resources.files("ujuzi.assessment") / "data" / "items"
    found: list[tuple[str, dict[str, Any]]] = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".json"):
            data = json.loads(entry.read_text(encoding="utf-8"))
            found.extend((entry.name, item) for item in data["items"])
    return found


def _text_problems(value: Any, where: str) -> list[str]:
    if isinstance(value, dict) and all(
        isinstance(value.get(code), str) and value[code].strip() for code in LANGUAGES
    ):
        return []
    return [f"{where}: needs English and Kiswahili text"]


def _answer_problems(item: dict[str, Any], keys: list[str], where: str) -> list[str]:
    kind, answer = item.get("kind"), item.get("answer")
    if kind == "single" and answer not in keys:
        return [f"{where}.answer: one of the option keys"]
    if kind == "multiple" and (
        not isinstance(answer, list) or len(answer) < 2 or not set(answer) < set(keys)
    ):
        return [f"{where}.answer: two or more (not all) option keys"]
    if kind == "ordering" and (not isinstance(answer, list) or sorted(answer) != sorted(keys)):
        return [f"{where}.answer: every option key, in order"]
    if kind == "numeric" and (
        not isinstance(answer, dict) or not isinstance(answer.get("value"), int | float)
    ):
        return [f"{where}.answer: {{'value': number, 'tolerance': number}}"]
    return []


def item_check(item: Any, where: str, competency_codes: set[str], top: int) -> list[str]:
    """The problems of one question."""
    if not isinstance(item, dict):
        return [f"{where}: a JSON object"]
    problems: list[str] = []
    if item.get("competency") not in competency_codes:
        problems.append(f"{where}.competency: unknown competency {item.get('competency')!r}")
    if not isinstance(item.get("level"), int) or not 1 <= item["level"] <= top:
        problems.append(f"{where}.level: 1 to {top}")
    kind = item.get("kind")
    if kind not in OPTION_COUNTS:
        return [*problems, f"{where}.kind: one of {sorted(OPTION_COUNTS)}"]
    problems += _text_problems(item.get("prompt"), f"{where}.prompt")
    options = item.get("options") or []
    fewest, most = OPTION_COUNTS[kind]
    if not fewest <= len(options) <= most:
        problems.append(f"{where}.options: {fewest} to {most} options for {kind}")
    keys = [str(option.get("key")) for option in options if isinstance(option, dict)]
    if len(set(keys)) != len(options):
        problems.append(f"{where}.options: each option needs its own key")
    for index, option in enumerate(options):
        if isinstance(option, dict):
            problems += _text_problems(option.get("text"), f"{where}.options[{index}].text")
    return problems + _answer_problems(item, keys, where)


def item_bank_check(
    items: list[tuple[str, dict[str, Any]]], competency_codes: set[str], top: int
) -> list[str]:
    """Every problem in a bank, by file and path."""
    problems: list[str] = []
    seen: set[str] = set()
    for index, (name, item) in enumerate(items):
        where = f"{name}:$.items[{index}]"
        code = item.get("code") if isinstance(item, dict) else None
        if not isinstance(code, str) or not code or code in seen:
            problems.append(f"{where}.code: missing or repeated")
            continue
        seen.add(code)
        problems += item_check(item, where, competency_codes, top)
    return problems


@transaction.atomic
def item_bank_load() -> int:
    """Load the shipped questions that are not here yet; return how many."""
    framework = framework_current(FRAMEWORK_SLUG)
    if framework is None:
        raise RuntimeError(f"the item bank needs the framework {FRAMEWORK_SLUG!r}")
    competencies = {
        c.uri_code: c
        for c in Competency.objects.filter(framework=framework, kind=Competency.Kind.COMPETENCY)
    }
    top = framework.levels.count()
    items = shipped_items()
    problems = item_bank_check(items, set(competencies), top)
    if problems:  # the shipped bank is checked by the test suite
        raise RuntimeError(f"the shipped item bank is invalid: {problems[:20]}")
    known = set(Question.all_objects.values_list("code", flat=True))
    fresh = [
        Question(
            code=item["code"],
            competency=competencies[item["competency"]],
            level=item["level"],
            kind=item["kind"],
            prompt=item["prompt"],
            options=item.get("options") or [],
            answer=item["answer"],
            unit=item.get("unit") or {},
            explanation=item.get("explanation") or {},
        )
        for _name, item in items
        if item["code"] not in known
    ]
    return records_bulk_create(fresh, by=None, action="assessment.question.load")
