"""1EdTech CASE 1.0/1.1 packages in and out.

Import is all-or-nothing: a package is checked completely first (``checks``), and a bad
one is rejected whole with every problem named by its JSON path. ``importer`` keeps every
field it does not model, so ``exporter`` gives the same package back byte for byte.
Proficiency levels travel as a CFRubric; Kiswahili texts travel in ``extensions.ujuzi``.
"""

from ujuzi.competencies.case.checks import (
    RUBRIC_NAMESPACE,
    CaseImportError,
    check_package,
    parse_package,
)
from ujuzi.competencies.case.exporter import dumps, framework_package
from ujuzi.competencies.case.importer import ImportResult, framework_import

__all__ = [
    "RUBRIC_NAMESPACE",
    "CaseImportError",
    "ImportResult",
    "check_package",
    "dumps",
    "framework_import",
    "framework_package",
    "parse_package",
]
