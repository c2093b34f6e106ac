"""The competencies a certificate attests, named in the reader's language.

The signed document keeps English names (Open Badges wants plain strings); pages and the
printed certificate show the framework's own title in their language and "Level n"
translated, from the course's outcomes.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from ujuzi.catalog.models import CourseOutcome
from ujuzi.core.bilingual import pick
from ujuzi.credentials.models import Credential


def _level_number(description: str) -> str:
    # The signed alignment says "Level N" in English; the page says it in its language.
    number = description.removeprefix("Level ").strip()
    return number if number.isdigit() else ""


def competencies_shown(
    credentials: Iterable[Credential], *, language: str
) -> dict[Any, tuple[tuple[str, str], ...]]:
    """Each certificate's competencies as (name, level) pairs, to show in ``language``.

    The signed document names them in English (Open Badges wants plain strings) and must
    stay so; a page shows the framework's title in its language where there is one,
    found by the alignment's code among the course's outcomes, and "Level n" translated.
    Used by the printed page and by every page that lists certificates (one query).
    """
    credentials = list(credentials)
    titles = {
        (outcome.course_id, outcome.competency.code or outcome.competency.uri_code): pick(
            outcome.competency.title, language
        )
        for outcome in CourseOutcome.objects.filter(
            course_id__in={credential.course_id for credential in credentials}
        ).select_related("competency")
    }
    shown = {}
    with translation.override(language):
        for credential in credentials:
            achievement = credential.document.get("credentialSubject", {}).get("achievement", {})
            rows = []
            for item in achievement.get("alignment", []):
                if not isinstance(item, dict):
                    continue
                code = str(item.get("targetCode", ""))
                name = titles.get((credential.course_id, code)) or str(item.get("targetName", code))
                number = _level_number(str(item.get("targetDescription", "")))
                level = _("Level %(number)s") % {"number": number} if number else ""
                rows.append((name, level))
            shown[credential.pk] = tuple(rows)
    return shown
