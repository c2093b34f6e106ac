"""Uniqueness among live records: a tombstone does not keep its natural key.

A deleted record stays as a tombstone so that its deletion syncs (``ujuzi.core.records``).
Were tombstones counted, a cohort code, a site code or a person's national ID deleted at
one node would be refused forever, here and at every node the deletion reaches, and a
record created elsewhere with that key could never be applied. So a synced model's natural
keys are unique among live rows only: a partial unique index, on SQLite and PostgreSQL
alike. Identifiers that are published or secret (credential ids, status-list bits, learner
numbers, share tokens) stay unique among all rows; their models say why. So do one-to-one
links (a person's sensitive record, a completion's certificate): Django reads their reverse
side (``person.sensitive``) through the base manager and expects one row, tombstones
included. And a login's username, which Django's sign-in looks up among all rows.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, models

LIVE = models.Q(deleted_clock__isnull=True)


class UniqueAmongLive(models.UniqueConstraint):
    """A ``UniqueConstraint`` over ``fields`` that only live records (no tombstone) hold.

    Django checks a conditional constraint with a generic "constraint is violated" message,
    and skips it when a form leaves out a column of the condition, which every form does
    with the tombstone's. This one checks it all the same and refuses with Django's own
    "… with this … already exists", on the field when there is one.
    """

    def __init__(
        self,
        *,
        fields: Sequence[str],
        name: str,
        condition: models.Q | None = None,
        **options: Any,
    ) -> None:
        """The condition is always the live one; it is accepted back from ``deconstruct``."""
        if condition is not None and condition != LIVE:
            raise ValueError(f"{name}: the condition of a live-only constraint is fixed")
        super().__init__(fields=fields, name=name, condition=LIVE, **options)

    def validate(
        self,
        model: type[models.Model],
        instance: models.Model,
        exclude: Collection[str] | None = None,
        using: str = DEFAULT_DB_ALIAS,
    ) -> None:
        """Refuse a live record whose key another live record holds."""
        if exclude:
            exclude = set(exclude) - {"deleted_clock"}
        try:
            # django-stubs leaves ``validate`` out of the constraint classes.
            super().validate(model, instance, exclude=exclude, using=using)  # type: ignore[misc]
        except ValidationError as error:
            if self.violation_error_message != self.default_violation_error_message:
                raise
            raise instance.unique_error_message(model, tuple(self.fields)) from error
