#!/usr/bin/env bash
# Backup drill: back up a RUNNING instance, restore into a scratch database, compare row counts
# of every table. Exit 0 only if every count matches.
#   SOURCE_DATABASE_URL=postgres://postgres@127.0.0.1:5432/maillage \
#   SCRATCH_ADMIN_URL=postgres://postgres@127.0.0.1:5432/postgres scripts/backup_drill.sh
# Counts are taken right after the dump: run it when the instance is quiet, or expect rows
# written in between to show up as a (reported) difference.
set -euo pipefail
: "${SOURCE_DATABASE_URL:?}"
: "${SCRATCH_ADMIN_URL:?une base d'administration, ex. postgres://postgres@127.0.0.1:5432/postgres}"
work="$(mktemp -d)"
trap 'rm -rf "$work"; psql "$SCRATCH_ADMIN_URL" -qc "DROP DATABASE IF EXISTS $scratch" >/dev/null 2>&1 || true' EXIT
scratch="maillage_restore_drill_$$"
passfile="$work/passphrase"
head -c 48 /dev/urandom | base64 > "$passfile"
export MAILLAGE_BACKUP_PASSPHRASE_FILE="$passfile"

counts() {  # one "table count" line per public table, sorted
  psql "$1" -Atc "select table_name from information_schema.tables where table_schema='public' and table_type='BASE TABLE' order by 1" \
    | while read -r t; do echo "$t $(psql "$1" -Atc "select count(*) from \"$t\"")"; done
}

start=$(date +%s)
file="$(DATABASE_URL="$SOURCE_DATABASE_URL" "$(dirname "$0")/backup.sh" "$work")"
dumped=$(date +%s)
counts "$SOURCE_DATABASE_URL" > "$work/source.txt"
if head -c 64 "$file" | grep -q "PGDMP"; then echo "Sauvegarde NON chiffrée" >&2; exit 5; fi
psql "$SCRATCH_ADMIN_URL" -qc "CREATE DATABASE $scratch"
base="${SCRATCH_ADMIN_URL%/*}"
TARGET_DATABASE_URL="$base/$scratch" "$(dirname "$0")/restore.sh" "$file"
restored=$(date +%s)
counts "$base/$scratch" > "$work/restored.txt"
echo "fichier : $(du -h "$file" | cut -f1) chiffré ; sauvegarde $((dumped - start)) s ; restauration $((restored - dumped)) s"
echo "tables : $(wc -l < "$work/source.txt") ; lignes : $(awk '{s+=$2} END {print s}' "$work/source.txt")"
if diff -u "$work/source.txt" "$work/restored.txt"; then
  echo "Exercice de restauration réussi : chaque table a le même nombre de lignes."
else
  echo "Écarts entre la base source et la base restaurée (ci-dessus)." >&2
  exit 1
fi
