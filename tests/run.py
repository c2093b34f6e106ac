"""Run the test suite with a test configuration: ``make test`` calls this.

SQLite (in memory, one database per pytest worker) by default; PostgreSQL when
``UJUZI_TEST_DATABASE_URL`` is set. Browser tests run when ``UJUZI_BROWSER_TESTS=1``
(CI runs them on one database leg only). Prints the leg's wall time at the end.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

import pytest


def main() -> int:
    data_dir = Path(tempfile.mkdtemp(prefix="ujuzi-test-"))
    database_url = os.environ.get("UJUZI_TEST_DATABASE_URL") or f"sqlite:///{data_dir}/test.sqlite3"
    os.environ.update(
        {
            "UJUZI_ENV": "test",
            "UJUZI_DATA_DIR": str(data_dir),
            "UJUZI_DATABASE_URL": database_url,
            "DJANGO_SETTINGS_MODULE": "ujuzi.settings",
            # The programme's own time zone, for every process the tests start too.
            "TZ": "Africa/Nairobi",
        }
    )
    os.environ.setdefault("HYPOTHESIS_PROFILE", "ci")
    # The address certificates are signed for, whatever port ``make`` was given.
    os.environ.setdefault("UJUZI_PUBLIC_URL", "http://127.0.0.1:8000")
    leg = "postgresql" if database_url.startswith("postgres") else "sqlite"
    arguments = sys.argv[1:]
    # Tests run in file order unless UJUZI_TEST_RANDOM_ORDER gives a seed for a shuffled
    # order (CI runs one leg so, to catch tests that lean on each other).
    seed = os.environ.get("UJUZI_TEST_RANDOM_ORDER", "").strip()
    arguments += [f"--randomly-seed={seed}"] if seed else ["-p", "no:randomly"]
    started = time.monotonic()
    code = pytest.main(arguments)
    elapsed = time.monotonic() - started
    print(f"[{leg}] test leg took {elapsed:.1f} s")
    return int(code)


if __name__ == "__main__":
    sys.exit(main())
