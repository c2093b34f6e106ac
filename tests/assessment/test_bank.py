"""The shipped item bank: complete, bilingual, well-formed; and the checker catches bad items."""

from __future__ import annotations

import collections
import json
from importlib import resources

from ujuzi.assessment.bank import item_bank_check, shipped_items

FRAMEWORK = json.loads(
    (resources.files("ujuzi.competencies") / "data" / "public-service-digital.json").read_text()
)
CODES = {c["code"] for d in FRAMEWORK["domains"] for c in d["competencies"]}


def test_the_shipped_bank_has_no_problems():
    assert item_bank_check(shipped_items(), CODES, 4) == []


def test_at_least_two_questions_per_competency_per_level():
    count = collections.Counter((item["competency"], item["level"]) for _, item in shipped_items())
    missing = [(c, level) for c in sorted(CODES) for level in (1, 2, 3, 4) if count[(c, level)] < 2]
    assert missing == []


def test_every_kind_of_question_is_used_and_kiswahili_differs_from_english():
    items = [item for _, item in shipped_items()]
    assert {item["kind"] for item in items} == {"single", "multiple", "numeric", "ordering"}
    same = [
        item["code"]
        for item in items
        if item["prompt"]["en"].strip() == item["prompt"]["sw"].strip()
    ]
    assert same == []


def test_the_checker_lists_every_problem_by_file_and_path():
    good = dict(next(item for _, item in shipped_items() if item["kind"] == "single"))
    items = [
        ("X.json", good),
        ("X.json", good),  # repeated code
        ("X.json", {**good, "code": "N1", "competency": "NOPE", "level": 9}),
        ("X.json", {**good, "code": "N2", "kind": "essay"}),
        ("X.json", {**good, "code": "N3", "prompt": {"en": "only English"}}),
        ("X.json", {**good, "code": "N4", "answer": "z"}),
        ("X.json", {**good, "code": "N5", "kind": "multiple", "answer": ["a"]}),
        ("X.json", {**good, "code": "N6", "kind": "numeric", "options": [], "answer": "ten"}),
        ("X.json", {**good, "code": "N7", "kind": "ordering", "answer": ["a", "b"]}),
        ("X.json", "<script>alert(1)</script>"),
    ]
    problems = item_bank_check(items, CODES, 4)
    joined = "\n".join(problems)
    assert "X.json:$.items[1].code: missing or repeated" in joined
    assert "$.items[2].competency: unknown competency 'NOPE'" in joined
    assert "$.items[2].level: 1 to 4" in joined
    assert "$.items[3].kind" in joined
    assert "$.items[4].prompt: needs English and Kiswahili text" in joined
    assert "$.items[5].answer" in joined
    assert "$.items[6].answer" in joined
    assert "$.items[7].answer" in joined
    assert "$.items[8].answer" in joined
    assert "$.items[9].code" in joined
