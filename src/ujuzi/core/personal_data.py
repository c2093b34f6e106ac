"""The registry of personal and sensitive fields, read by export, erasure and retention.

Models declare ``personal_fields`` and ``sensitive_fields`` (and, for fields that look
personal but name things, ``not_personal_fields``); this module collects the declarations
and a system check refuses to start when a field that looks personal is not
declared, so a new field is covered the day it is added.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core import checks
from django.db import models

# Field names that almost always hold personal data.
_LOOKS_PERSONAL = re.compile(
    r"(^|_)(name|first_name|last_name|middle_name|email|phone|national_id|birth|"
    r"date_of_birth|address|guardian|sex|gender|disability|personal_number)($|_)"
)


@dataclass(frozen=True)
class PersonalDataDeclaration:
    """What one model declares about the people in it."""

    model: str
    personal_fields: tuple[str, ...]
    sensitive_fields: tuple[str, ...]

    @property
    def all_fields(self) -> tuple[str, ...]:
        """Personal and sensitive fields together."""
        return self.personal_fields + self.sensitive_fields


def declaration_for(model: type[models.Model]) -> PersonalDataDeclaration:
    """The declaration of one model (empty when it holds no personal data)."""
    return PersonalDataDeclaration(
        model=model._meta.label_lower,
        personal_fields=tuple(getattr(model, "personal_fields", ())),
        sensitive_fields=tuple(getattr(model, "sensitive_fields", ())),
    )


def registry() -> dict[str, PersonalDataDeclaration]:
    """Every model that declares personal or sensitive fields, by model label."""
    found = (declaration_for(model) for model in apps.get_models())
    return {item.model: item for item in found if item.all_fields}


@checks.register(checks.Tags.models)
def check_personal_data_registry(**_: Any) -> list[checks.CheckMessage]:
    """Declared fields must exist; fields that look personal must be declared."""
    problems: list[checks.CheckMessage] = []
    for model in apps.get_models():
        declared = declaration_for(model)
        names = {field.name for field in model._meta.concrete_fields}
        problems.extend(
            checks.Error(
                f"{declared.model} declares personal field {name!r}, which does not exist",
                id="ujuzi.E001",
            )
            for name in declared.all_fields
            if name not in names
        )
        if not model.__module__.startswith("ujuzi."):
            continue
        # Fields that match the pattern but name things, not people, say so on the model.
        allowed = set(getattr(model, "not_personal_fields", ()))
        problems.extend(
            checks.Error(
                f"{declared.model}.{name} looks like personal data but is not declared in "
                "personal_fields or sensitive_fields",
                id="ujuzi.E002",
            )
            for name in sorted(names)
            if _LOOKS_PERSONAL.search(name)
            and name not in declared.all_fields
            and name not in allowed
        )
    return problems
