"""Environment, database and measurement helpers shared by ``bench/run.py``.

Nothing here imports Django at module level: ``prepare_environment`` must run first, so
that the settings are built from the benchmark's own temporary data directory and
database, never from the developer's ``var/`` or a real installation.
"""

from __future__ import annotations

import cProfile
import gc
import json
import os
import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

# Two runs against one server at once need different names: UJUZI_BENCH_DATABASE_NAME.
BENCH_DATABASE = os.environ.get("UJUZI_BENCH_DATABASE_NAME", "").strip() or "ujuzi_bench"
# Secrets are generated afresh in the temporary data directory, so a benchmark never
# reads an installation's real keys and every run starts from the same kind of keyring.
_SECRET_VARIABLES = ("UJUZI_SECRET_KEY", "UJUZI_AUDIT_KEY", "UJUZI_ENCRYPTION_KEYS")


@dataclass
class Run:
    """What a benchmark hands back after its untimed preparation.

    ``timed`` is the only part on the clock and returns how many operations it performed;
    ``check`` then confirms, off the clock, that the work really happened.
    """

    timed: Callable[[], int]
    check: Callable[[int], None] | None = None


@dataclass
class Environment:
    """Where this run keeps its data, and how to remove it afterwards."""

    data_dir: Path
    database_url: str
    admin_conninfo: str | None = None  # set for PostgreSQL: the maintenance database

    def log(self, message: str) -> None:
        print(f"[bench] {message}", file=sys.stderr, flush=True)


def _postgres_admin(url: str) -> str:
    """A libpq connection string for the ``postgres`` maintenance database of ``url``."""
    from psycopg.conninfo import make_conninfo

    return make_conninfo(url, dbname="postgres")


def _with_database_name(url: str, name: str) -> str:
    return urlsplit(url)._replace(path=f"/{name}").geturl()


def _recreate_postgres_database(admin_conninfo: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(admin_conninfo, autocommit=True) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(BENCH_DATABASE))
        )
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(BENCH_DATABASE)))


def _drop_postgres_database(admin_conninfo: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(admin_conninfo, autocommit=True) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(BENCH_DATABASE))
        )


def prepare_environment() -> Environment:
    """Point Ujuzi at a fresh data directory and database; call before importing Django.

    SQLite (a file in the temporary directory, with the product's own pragmas) unless
    ``UJUZI_BENCH_DATABASE_URL`` names a PostgreSQL server: then a dedicated
    ``ujuzi_bench`` database is (re)created there through the ``postgres`` maintenance
    database, and the database named in the URL itself is never opened.
    """
    data_dir = Path(tempfile.mkdtemp(prefix="ujuzi-bench-"))
    requested = os.environ.get("UJUZI_BENCH_DATABASE_URL", "").strip()
    admin_conninfo = None
    if not requested:
        database_url = f"sqlite:///{data_dir / 'bench.sqlite3'}"
    elif urlsplit(requested).scheme in {"postgres", "postgresql", "pgsql"}:
        admin_conninfo = _postgres_admin(requested)
        try:
            _recreate_postgres_database(admin_conninfo)
        except Exception:
            shutil.rmtree(data_dir, ignore_errors=True)
            raise
        database_url = _with_database_name(requested, BENCH_DATABASE)
    else:
        shutil.rmtree(data_dir, ignore_errors=True)
        raise SystemExit(
            "bench: UJUZI_BENCH_DATABASE_URL must be a postgresql:// URL "
            "(leave it unset for SQLite)"
        )
    for name in _SECRET_VARIABLES:
        os.environ.pop(name, None)
    os.environ.update(
        {
            "UJUZI_ENV": "test",
            "UJUZI_DEBUG": "false",  # DEBUG would keep every query in memory
            "UJUZI_DATA_DIR": str(data_dir),
            "UJUZI_DATABASE_URL": database_url,
            "DJANGO_SETTINGS_MODULE": "ujuzi.settings",
        }
    )
    return Environment(data_dir=data_dir, database_url=database_url, admin_conninfo=admin_conninfo)


def setup_django(environment: Environment) -> str:
    """Start Django, migrate the empty database and create the node; return the vendor."""
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)

    from django.db import connection

    from ujuzi.core.node import local_node_id, next_clock

    # What `ujuzi init` would have done: the node exists and the clock is seeded, so the
    # first timed write does not pay for them.
    local_node_id()
    next_clock()
    return connection.vendor


def teardown(environment: Environment, keep: bool) -> None:
    """Close connections, then drop the benchmark database and the data directory."""
    if "django" in sys.modules:
        from django.db import connections

        connections.close_all()
    if keep:
        environment.log(f"kept {environment.data_dir} and {environment.database_url}")
        return
    if environment.admin_conninfo is not None:
        _drop_postgres_database(environment.admin_conninfo)
    shutil.rmtree(environment.data_dir, ignore_errors=True)


def peak_rss_mib() -> float:
    """The process's peak resident set size so far (a high-water mark, never lower)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # Linux reports KiB, macOS bytes.
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def measure(
    name: str, database: str, run: Run, profile_dir: Path | None = None
) -> dict[str, object]:
    """Run the timed part once, check it, and print its one JSON line.

    With ``profile_dir`` the timed part runs under cProfile (slower: compare such figures
    only with each other) and its statistics go to ``<profile_dir>/<name>.prof``.
    """
    profiler = cProfile.Profile() if profile_dir is not None else None
    gc.collect()
    started = time.perf_counter()
    if profiler is not None:
        profiler.enable()
    count = run.timed()
    if profiler is not None:
        profiler.disable()
    seconds = time.perf_counter() - started
    if profiler is not None and profile_dir is not None:
        profile_dir.mkdir(parents=True, exist_ok=True)
        profiler.dump_stats(profile_dir / f"{name}.prof")
    if run.check is not None:
        run.check(count)
    result: dict[str, object] = {
        "benchmark": name,
        "database": database,
        "n": count,
        "seconds": round(seconds, 4),
        "per_second": round(count / seconds, 1) if seconds > 0 else None,
        "peak_rss_mib": round(peak_rss_mib(), 1),
    }
    print(json.dumps(result), flush=True)
    return result


def scaled(default: int, scale: float) -> int:
    """A benchmark's size under ``--scale``; never below one."""
    return max(1, round(default * scale))
