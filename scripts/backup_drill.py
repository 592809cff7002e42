"""Backup drill: back up a RUNNING instance, restore it next to it, compare every table's rows.

    SOURCE_DATABASE_URL=postgres://postgres@127.0.0.1:5432/maillage \\
    SCRATCH_ADMIN_URL=postgres://postgres@127.0.0.1:5432/postgres \\
    .venv/bin/python scripts/backup_drill.py

The site may keep writing: the drill exports a snapshot, makes scripts/backup.sh dump exactly
that snapshot, and counts the rows of every table in the same snapshot, so the comparison is
exact. The backup is encrypted (a random passphrase for the drill) and checked not to be a
plain dump; the scratch database is dropped at the end. Exit 0 only if every count matches.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg

HERE = Path(__file__).resolve().parent


def table_counts(conn: psycopg.Connection) -> dict[str, int]:
    tables = [
        row[0]
        for row in conn.execute(
            "select table_name from information_schema.tables "
            "where table_schema = 'public' and table_type = 'BASE TABLE' order by 1"
        )
    ]
    return {t: conn.execute(f'select count(*) from "{t}"').fetchone()[0] for t in tables}


def main() -> int:
    source_url = os.environ["SOURCE_DATABASE_URL"]
    admin_url = os.environ["SCRATCH_ADMIN_URL"]
    scratch = f"maillage_restore_drill_{os.getpid()}"
    scratch_url = f"{admin_url.rsplit('/', 1)[0]}/{scratch}"
    with tempfile.TemporaryDirectory() as work:
        passfile = Path(work) / "passphrase"
        passfile.write_text(secrets.token_urlsafe(48))
        env = {**os.environ, "MAILLAGE_BACKUP_PASSPHRASE_FILE": str(passfile)}
        with psycopg.connect(source_url) as source:
            source.execute("begin isolation level repeatable read read only")
            snapshot = source.execute("select pg_export_snapshot()").fetchone()[0]
            started = time.monotonic()
            out = subprocess.run(
                ["bash", str(HERE / "backup.sh"), work],
                env={**env, "DATABASE_URL": source_url, "MAILLAGE_BACKUP_SNAPSHOT": snapshot},
                check=True,
                capture_output=True,
                text=True,
            )
            dumped = time.monotonic()
            expected = table_counts(source)
            source.rollback()
        backup = Path(out.stdout.strip().splitlines()[-1])
        if backup.read_bytes()[:5] == b"PGDMP":
            print("La sauvegarde n'est pas chiffrée.", file=sys.stderr)
            return 5
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'create database "{scratch}"')
        try:
            restore_start = time.monotonic()
            subprocess.run(
                ["bash", str(HERE / "restore.sh"), str(backup)],
                env={**env, "TARGET_DATABASE_URL": scratch_url},
                check=True,
            )
            restored = time.monotonic()
            with psycopg.connect(scratch_url) as target:
                actual = table_counts(target)
        finally:
            with psycopg.connect(admin_url, autocommit=True) as admin:
                admin.execute(f'drop database if exists "{scratch}" with (force)')
        size = backup.stat().st_size / 1e6
    print(
        f"Sauvegarde chiffrée : {size:.1f} Mo en {dumped - started:.0f} s ; "
        f"restauration en {restored - restore_start:.0f} s ; "
        f"{len(expected)} tables, {sum(expected.values())} lignes."
    )
    differences = {
        t: (expected.get(t), actual.get(t))
        for t in expected.keys() | actual.keys()
        if expected.get(t) != actual.get(t)
    }
    if differences:
        for table, (want, got) in sorted(differences.items()):
            print(f"  {table} : {want} dans la sauvegarde, {got} restaurées", file=sys.stderr)
        return 1
    print("Exercice de restauration réussi : chaque table a le même nombre de lignes.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
