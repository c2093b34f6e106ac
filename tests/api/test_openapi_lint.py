"""The committed OpenAPI document through an independent linter: Redocly CLI.

``tests/openapi-lint`` pins ``@redocly/cli`` (package-lock.json) and its configuration
(``redocly.yaml``: the recommended ruleset; ``.redocly.lint-ignore.yaml``: each accepted
problem with its reason). Any error or warning fails. Marked ``interop`` and skipped unless
``UJUZI_INTEROP_TESTS=1``; when asked for, a missing ``node`` or ``node_modules`` fails:
run ``(cd tests/openapi-lint && npm ci)``. No database is needed.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

LINT = Path(__file__).resolve().parents[1] / "openapi-lint"
WANTED = os.environ.get("UJUZI_INTEROP_TESTS") == "1"

pytestmark = [
    pytest.mark.interop,
    pytest.mark.skipif(not WANTED, reason="interop tests run with UJUZI_INTEROP_TESTS=1"),
]


def test_the_committed_openapi_document_passes_redocly_lint_without_a_warning():
    node = shutil.which("node")
    if node is None:
        pytest.fail("UJUZI_INTEROP_TESTS=1 but node is not installed")
    cli = LINT / "node_modules" / "@redocly" / "cli" / "bin" / "cli.js"
    if not cli.is_file():
        pytest.fail(
            "UJUZI_INTEROP_TESTS=1 but tests/openapi-lint/node_modules is missing: "
            "run (cd tests/openapi-lint && npm ci)"
        )
    arguments = ["lint", "--config", "redocly.yaml", "--format", "json", "../../docs/openapi.json"]
    result = subprocess.run(
        [node, str(cli), *arguments],
        cwd=LINT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={
            **os.environ,
            "REDOCLY_TELEMETRY": "off",
            "REDOCLY_SUPPRESS_UPDATE_NOTICE": "true",
            "NO_COLOR": "1",
        },
    )
    report = json.loads(result.stdout)
    problems = [
        f"{problem['severity']} {problem['ruleId']} at {problem['location'][0]['pointer']}: "
        f"{problem['message']}"
        for problem in report["problems"]
    ]
    assert problems == []
    assert (report["totals"]["errors"], report["totals"]["warnings"]) == (0, 0)
    assert result.returncode == 0, result.stderr
