"""Benchmark of ``import_territory``: full import into a fresh database, then a second run.

Usage (from the repository root):

    .venv/bin/python bench/territory_import.py              # SQLite (var/bench/territory.sqlite3)
    .venv/bin/python bench/territory_import.py --postgres   # SQLite, then PostgreSQL maillage_bench

PostgreSQL: the ``maillage_bench`` database on 127.0.0.1 (user postgres) is dropped and
recreated; override with ``--postgres-url``. Each backend runs in its own process.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SQLITE_PATH = ROOT / "var" / "bench" / "territory.sqlite3"
POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/maillage_bench"


def _fresh_postgres(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    server = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


def _worker(backend: str, url: str) -> None:
    """Runs in a child process: migrate a fresh database, import twice, print JSON."""
    if backend == "sqlite":
        SQLITE_PATH.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{SQLITE_PATH}{suffix}").unlink(missing_ok=True)
        os.environ["SQLITE_PATH"] = str(SQLITE_PATH)
        os.environ.pop("DATABASE_URL", None)
    else:
        _fresh_postgres(url)
        os.environ["DATABASE_URL"] = url
        # The default 30 s statement timeout is for web requests, not for this bench.
        os.environ["DATABASE_STATEMENT_TIMEOUT_MS"] = "600000"
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.dev"
    sys.path[:0] = [str(ROOT), str(ROOT / "src")]
    import django

    django.setup()
    from django.core.management import call_command

    from maillage.territory.services.importer import territory_import

    call_command("migrate", verbosity=0)
    runs = []
    for _ in range(2):
        started, cpu_started = time.perf_counter(), time.process_time()
        report = territory_import(data_dir=ROOT / "data" / "territory")
        runs.append(
            {
                "seconds": round(time.perf_counter() - started, 2),
                "cpu_seconds": round(time.process_time() - cpu_started, 2),
                "read_seconds": round(report.read_seconds, 2),
                "created": sum(c.created for c in report.counts.values()),
                "updated": sum(c.updated for c in report.counts.values()),
                "unchanged": sum(c.unchanged for c in report.counts.values()),
            }
        )
    print(json.dumps({"backend": backend, "runs": runs}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", action="store_true", help="also bench PostgreSQL")
    parser.add_argument("--postgres-url", default=POSTGRES_URL)
    parser.add_argument("--worker", choices=["sqlite", "postgres"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        _worker(args.worker, args.postgres_url)
        return
    backends = ["sqlite", "postgres"] if args.postgres else ["sqlite"]
    print(
        f"{'base':<10} {'run':<18} {'total s':>8} {'CPU s':>6} {'lecture s':>10} "
        f"{'créés':>7} {'modifiés':>9} {'inchangés':>10}"
    )
    for backend in backends:
        output = subprocess.run(
            [sys.executable, __file__, "--worker", backend, "--postgres-url", args.postgres_url],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        result = json.loads(output.strip().splitlines()[-1])
        for label, run in zip(("1er (base vide)", "2e (idempotent)"), result["runs"], strict=True):
            print(
                f"{backend:<10} {label:<18} {run['seconds']:>8.2f} {run['cpu_seconds']:>6.2f} "
                f"{run['read_seconds']:>10.2f} "
                f"{run['created']:>7} {run['updated']:>9} {run['unchanged']:>10}"
            )


if __name__ == "__main__":
    main()
