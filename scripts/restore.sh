#!/usr/bin/env bash
# Restore an encrypted backup written by scripts/backup.sh into an EMPTY database:
#   TARGET_DATABASE_URL=postgres://.../maillage_restore scripts/restore.sh maillage-....dump.gpg
# Decryption uses the private key in the GnuPG keyring, or MAILLAGE_BACKUP_PASSPHRASE_FILE.
# Restoring over the live database is deliberately not supported: restore next to it, check,
# then point DATABASE_URL at the restored one (docs/operations.md, « Restaurer »).
set -euo pipefail
: "${TARGET_DATABASE_URL:?TARGET_DATABASE_URL doit désigner une base vide}"
backup="${1:?chemin du fichier .dump.gpg}"
if [ -f "$backup.sha256" ]; then
  sha256sum --check --status "$backup.sha256" || { echo "Somme de contrôle fausse : $backup" >&2; exit 3; }
fi
decrypt=(gpg --batch --quiet --decrypt)
if [ -n "${MAILLAGE_BACKUP_PASSPHRASE_FILE:-}" ]; then
  decrypt+=(--pinentry-mode loopback --passphrase-file "$MAILLAGE_BACKUP_PASSPHRASE_FILE")
fi
tables="$(psql "$TARGET_DATABASE_URL" -Atc "select count(*) from pg_tables where schemaname='public'")"
if [ "$tables" != "0" ]; then
  echo "La base cible contient déjà $tables table(s) : restaurer dans une base vide." >&2
  exit 4
fi
"${decrypt[@]}" "$backup" | pg_restore --no-owner --no-privileges --exit-on-error \
  --single-transaction --dbname="$TARGET_DATABASE_URL"
echo "Restauré dans la base cible."
