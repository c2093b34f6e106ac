"""Run Ujuzi's kernel benchmarks; each prints one JSON line to stdout.

    make bench                                   # SQLite file in a temporary directory
    UJUZI_BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test make bench
    .venv/bin/python bench/run.py --only audit_verify --scale 0.1

The environment (data directory, database, settings) is set up here before Django is
imported, so a run never touches ``var/`` or any other database. See bench/README.md.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import harness

# name: (module under bench/, default size). They run in this order, and the later ones
# read what the earlier ones wrote (audit_verify walks the whole chain, journal_replay
# every user entry).
BENCHMARKS: dict[str, tuple[str, int]] = {
    "hlc_now": ("clock_bench", 1_000_000),
    "user_create_single": ("writes", 500),
    "bulk_create_users": ("writes", 20_000),
    "audit_append": ("audit_chain", 5_000),
    "audit_verify": ("audit_chain", 5_000),
    "journal_replay": ("replay", 20_000),
    "demo_people": ("demo", 20_000),
    "heatmap_10k": ("skills", 10_000),
    "pathway_200": ("skills", 200),
    "import_people": ("imports", 100_000),
    "import_people_changes": ("imports", 100_000),
    "credential_sign": ("credentials", 500),
    "credential_verify_one": ("credentials", 1_000),
    "credentials_issue_cohort": ("credentials", 1_000),
    "certificate_pdf_render": ("credentials", 50),
    # Last: the national demo starts from an emptied database (see bench/reports.py).
    "national_demo": ("reports", 1_000_000),
    "reports_facts_refresh": ("reports", 1_000_000),
    "reports_facts_refresh_incremental": ("reports", 1_000_000),
    "national_dashboard": ("reports", 1_000_000),
}


def _arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--only",
        action="append",
        metavar="NAME",
        help="run only this benchmark (repeat or separate with commas); "
        f"one of: {', '.join(BENCHMARKS)}",
    )
    parser.add_argument(
        "--scale",
        type=float,
        default=1.0,
        metavar="N",
        help="multiply every benchmark's size by N (default 1; 0.1 for a quick check)",
    )
    parser.add_argument(
        "--profile",
        type=Path,
        metavar="DIR",
        help="run each benchmark under cProfile and write DIR/NAME.prof "
        "(read with: python -m pstats DIR/NAME.prof); figures are then slower",
    )
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep the temporary data directory and database afterwards",
    )
    arguments = parser.parse_args(argv)
    if arguments.scale <= 0:
        parser.error("--scale must be positive")
    if arguments.only:
        wanted = {name.strip() for item in arguments.only for name in item.split(",")}
        unknown = sorted(wanted - BENCHMARKS.keys() - {""})
        if unknown:
            parser.error(f"unknown benchmark(s): {', '.join(unknown)}")
        arguments.only = [name for name in BENCHMARKS if name in wanted]
    else:
        arguments.only = list(BENCHMARKS)
    return arguments


def main(argv: list[str] | None = None) -> int:
    arguments = _arguments(sys.argv[1:] if argv is None else argv)
    environment = harness.prepare_environment()
    try:
        database = harness.setup_django(environment)
        environment.log(f"{database}: {environment.database_url}")
        for name in arguments.only:
            module_name, default = BENCHMARKS[name]
            benchmark = getattr(importlib.import_module(module_name), name)
            run = benchmark(harness.scaled(default, arguments.scale))
            harness.measure(name, database, run, arguments.profile)
    finally:
        harness.teardown(environment, keep=arguments.keep)
    return 0


if __name__ == "__main__":
    sys.exit(main())
