#!/bin/sh
# Builds the database the web benchmarks read: the demo of département 93, as `make resetdb`
# does, into the database named by the environment (DATABASE_URL for PostgreSQL, SQLITE_PATH
# for a SQLite file), then collects the static files for the production settings.
#
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/maillage_bench bench/prepare_demo_db.sh
#   SQLITE_PATH=/tmp/sqlbench/bench.sqlite3 bench/prepare_demo_db.sh
set -eu
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
if [ -n "${DATABASE_URL:-}" ]; then
    name=${DATABASE_URL##*/}
    base=${DATABASE_URL%/*}
    psql "$base/postgres" -qc "DROP DATABASE IF EXISTS $name" -c "CREATE DATABASE $name"
elif [ -n "${SQLITE_PATH:-}" ]; then
    mkdir -p "$(dirname "$SQLITE_PATH")"
    rm -f "$SQLITE_PATH" "$SQLITE_PATH-wal" "$SQLITE_PATH-shm"
else
    echo "DATABASE_URL ou SQLITE_PATH : une base dédiée au banc, jamais celle de l'instance." >&2
    exit 2
fi
$PY manage.py migrate --noinput -v 0
$PY manage.py createcachetable
$PY manage.py import_territory
$PY manage.py import_rome
$PY manage.py load_sdsf_reference
$PY manage.py load_path_templates
$PY manage.py seed_demo --departement 93 --seed 1
$PY manage.py seed_occasional_demo --departement 93 --seed 1
$PY manage.py seed_rpe_demo
$PY manage.py observatory_recompute
