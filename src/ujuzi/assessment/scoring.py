"""Reading an answer from a submitted form and marking it, for each kind of question.

Answers are kept in one JSON shape per kind: a key (single choice), a sorted list of keys
(multiple choice), a number (numeric) and the keys in the chosen order (ordering). A form
that cannot be read as an answer raises ``AnswerError`` with a message for the learner.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from django.utils.translation import gettext as _

MAX_NUMBER_LENGTH = 30


class AnswerError(ValueError):
    """The submitted form is not an answer to this question."""


def _keys(options: Sequence[Mapping[str, Any]]) -> list[str]:
    return [str(option["key"]) for option in options]


def answer_read(kind: str, options: Sequence[Mapping[str, Any]], form: Any) -> Any:
    """The answer in a submitted form (``form`` is a QueryDict or a dict of lists)."""
    keys = _keys(options)
    if kind == "single":
        choice = form.get("choice", "")
        if choice not in keys:
            raise AnswerError(_("Choose one answer."))
        return choice
    if kind == "multiple":
        chosen = form.getlist("choice") if hasattr(form, "getlist") else form.get("choice", [])
        if not chosen or not set(chosen) <= set(keys):
            raise AnswerError(_("Choose at least one answer."))
        return sorted(set(chosen))
    if kind == "numeric":
        text = str(form.get("value", "")).strip().replace(" ", "").replace(",", ".")
        try:
            if len(text) > MAX_NUMBER_LENGTH:
                raise ValueError(text)
            number = float(text)
        except ValueError:
            raise AnswerError(_("Enter a number, for example 12 or 12.5.")) from None
        if not math.isfinite(number):
            raise AnswerError(_("Enter a number, for example 12 or 12.5."))
        return number
    if kind == "ordering":
        positions: dict[int, str] = {}
        for key in keys:
            value = str(form.get(f"position-{key}", ""))
            if not value.isdigit() or not 1 <= int(value) <= len(keys):
                raise AnswerError(_("Give every item a place in the order."))
            positions[int(value)] = key
        if len(positions) != len(keys):
            raise AnswerError(_("Give each place in the order to one item only."))
        return [positions[place] for place in sorted(positions)]
    raise AnswerError(_("This question cannot be answered here."))


def answer_correct(kind: str, expected: Any, given: Any) -> bool:
    """Whether an answer (as ``answer_read`` returns it) is right."""
    if kind == "single":
        return bool(given == expected)
    if kind == "multiple":
        return sorted(given) == sorted(expected)
    if kind == "numeric":
        tolerance = float(expected.get("tolerance", 0))
        return abs(float(given) - float(expected["value"])) <= tolerance + 1e-9
    if kind == "ordering":
        return list(given) == list(expected)
    return False


def right_answer(kind: str, expected: Any) -> list[str]:
    """The right answer as option keys in order, or the number, for showing after the check."""
    if kind == "numeric":
        return [f"{expected['value']:g}"]
    if kind == "single":
        return [expected]
    return list(expected)
