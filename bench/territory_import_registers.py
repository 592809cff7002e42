"""Benchmark of the provider register imports: 50,000 childminders + 5,000 EAJE.

Usage (from the repository root):

    .venv/bin/python bench/territory_import_registers.py              # SQLite
    .venv/bin/python bench/territory_import_registers.py --postgres   # SQLite, then PostgreSQL

Each backend runs in its own process on a fresh database (var/bench/registers.sqlite3, or the
PostgreSQL database maillage_bench_registers, dropped and recreated): migrate, load the
territory referential (not timed), write the two register files for the eight départements
of Île-de-France, then time: dry run on the empty database, real run, dry run again and a
second real run (nothing changes: the idempotent path).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SQLITE_PATH = ROOT / "var" / "bench" / "registers.sqlite3"
FILES = ROOT / "var" / "bench" / "registers"
POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/maillage_bench_registers"
DEPARTEMENTS = ["75", "77", "78", "91", "92", "93", "94", "95"]


def _fresh_postgres(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    server = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


def _write_files(childminders: int, nurseries: int) -> tuple[Path, Path]:
    from maillage.registers.demo import demo_siret
    from maillage.registers.formats import CHILDMINDER_COLUMNS, NURSERY_COLUMNS
    from maillage.territory.models import Commune

    rng = random.Random(1)
    communes = list(
        Commune.objects.filter(departement_id__in=DEPARTEMENTS).values_list("code", flat=True)
    )
    FILES.mkdir(parents=True, exist_ok=True)
    cm_path, eaje_path = FILES / "assistantes-maternelles.csv", FILES / "creches.csv"
    with cm_path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(CHILDMINDER_COLUMNS)
        for i in range(childminders):
            writer.writerow(
                [
                    f"IDF-AM-{i:06d}",
                    f"Nom{i}",
                    "Prénom",
                    f"am{i}@bench.exemple.fr",
                    "0601020304",
                    f"{i % 200} rue de la Paix",
                    rng.choice(communes),
                    "",
                    "",
                    "",
                    "",
                    rng.choice((2, 3, 4, 4)),
                    "",
                    0,
                    72,
                    "2020-01-01",
                    "2030-06-30",
                    "",
                ]
            )
    with eaje_path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(NURSERY_COLUMNS)
        hours = ["07:30-18:30"] * 5 + ["", ""]
        for i in range(nurseries):
            micro = i % 3 == 0
            sections = "mixte:3-48:12" if micro else "bebes:2-18:10|moyens:18-30:15|grands:30-48:20"
            writer.writerow(
                [
                    demo_siret("75", i + 1),
                    f"Crèche {i}",
                    "micro" if micro else "multi",
                    "1 place du Marché",
                    rng.choice(communes),
                    "",
                    "",
                    "",
                    "",
                    sections,
                    *hours,
                    "non",
                    "0",
                    "10 %",
                    "oui",
                    f"direction{i}@bench.exemple.fr",
                ]
            )
    return cm_path, eaje_path


def _worker(backend: str, url: str, childminders: int, nurseries: int) -> None:
    if backend == "sqlite":
        SQLITE_PATH.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{SQLITE_PATH}{suffix}").unlink(missing_ok=True)
        os.environ["SQLITE_PATH"] = str(SQLITE_PATH)
        os.environ.pop("DATABASE_URL", None)
    else:
        _fresh_postgres(url)
        os.environ["DATABASE_URL"] = url
        os.environ["DATABASE_STATEMENT_TIMEOUT_MS"] = "600000"
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.dev"
    sys.path[:0] = [str(ROOT), str(ROOT / "src")]
    import django

    django.setup()
    from django.core.management import call_command

    from maillage.registers.formats import FORMATS
    from maillage.registers.reading import file_rows
    from maillage.registers.services import register_import
    from maillage.territory.services.importer import territory_import

    call_command("migrate", verbosity=0)
    territory_import(data_dir=ROOT / "data" / "territory")
    cm_path, eaje_path = _write_files(childminders, nurseries)
    runs = []
    for label, dry_run in (
        ("dry run (empty)", True),
        ("import", False),
        ("dry run (again)", True),
        ("re-import (idempotent)", False),
    ):
        for kind, path in (("childminders", cm_path), ("nurseries", eaje_path)):
            started, cpu = time.perf_counter(), time.process_time()
            report = register_import(
                kind=kind,
                rows=file_rows(path, FORMATS[kind].columns),
                by=None,
                departements=DEPARTEMENTS,
                dry_run=dry_run,
            )
            runs.append(
                {
                    "run": label,
                    "kind": kind,
                    "seconds": round(time.perf_counter() - started, 1),
                    "cpu_seconds": round(time.process_time() - cpu, 1),
                    "created": report.created,
                    "updated": report.updated,
                    "unchanged": report.unchanged,
                    "errors": report.error_count,
                }
            )
            print(json.dumps(runs[-1]), file=sys.stderr, flush=True)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(json.dumps({"backend": backend, "peak_rss_mb": peak, "runs": runs}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", action="store_true", help="also bench PostgreSQL")
    parser.add_argument("--postgres-url", default=POSTGRES_URL)
    parser.add_argument("--childminders", type=int, default=50_000)
    parser.add_argument("--nurseries", type=int, default=5_000)
    parser.add_argument("--worker", choices=("sqlite", "postgres"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        _worker(args.worker, args.postgres_url, args.childminders, args.nurseries)
        return
    for backend in ["sqlite", "postgres"] if args.postgres else ["sqlite"]:
        done = subprocess.run(
            [
                sys.executable,
                __file__,
                "--worker",
                backend,
                "--postgres-url",
                args.postgres_url,
                "--childminders",
                str(args.childminders),
                "--nurseries",
                str(args.nurseries),
            ],
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        if done.returncode:
            print(done.stderr)
            sys.exit(done.returncode)
        result = json.loads(done.stdout.strip().splitlines()[-1])
        print(f"== {backend} (pic mémoire {result['peak_rss_mb']} Mo)")
        for run in result["runs"]:
            total = run["seconds"]
            print(
                f"{run['run']:<24} {run['kind']:<13} {total:>6.1f} s (CPU {run['cpu_seconds']:.1f} s) "
                f"créés {run['created']}, mis à jour {run['updated']}, inchangés {run['unchanged']}, "
                f"erreurs {run['errors']}"
            )


if __name__ == "__main__":
    main()
