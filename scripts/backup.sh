#!/usr/bin/env bash
# Encrypted backup of a running Maillage database (PostgreSQL), safe while the site serves:
#   DATABASE_URL=postgres://... scripts/backup.sh /srv/backups
# pg_dump takes a consistent snapshot (one transaction) without blocking readers or writers.
# Encryption with GnuPG, before anything touches the disk:
#   - MAILLAGE_BACKUP_GPG_RECIPIENT=<key id>: to a public key (the server cannot read its own
#     backups; the private key stays with the people who restore) — recommended;
#   - else MAILLAGE_BACKUP_PASSPHRASE_FILE=<file>: symmetric AES-256 with a passphrase file.
# Prints the path of the file written: maillage-YYYYmmddTHHMMSSZ.dump.gpg (+ .sha256).
set -euo pipefail
: "${DATABASE_URL:?DATABASE_URL doit désigner la base PostgreSQL à sauvegarder}"
dest="${1:-.}"
mkdir -p "$dest"
umask 077
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
out="$dest/maillage-$stamp.dump.gpg"

if [ -n "${MAILLAGE_BACKUP_GPG_RECIPIENT:-}" ]; then
  encrypt=(gpg --batch --yes --trust-model always --encrypt --recipient "$MAILLAGE_BACKUP_GPG_RECIPIENT")
elif [ -n "${MAILLAGE_BACKUP_PASSPHRASE_FILE:-}" ]; then
  encrypt=(gpg --batch --yes --symmetric --cipher-algo AES256 --pinentry-mode loopback
           --passphrase-file "$MAILLAGE_BACKUP_PASSPHRASE_FILE")
else
  echo "Définir MAILLAGE_BACKUP_GPG_RECIPIENT ou MAILLAGE_BACKUP_PASSPHRASE_FILE : une sauvegarde n'est jamais écrite en clair." >&2
  exit 2
fi

# Custom format: compressed, restorable table by table, in parallel (pg_restore -j).
# MAILLAGE_BACKUP_SNAPSHOT: dump inside a snapshot exported by another session (the drill counts
# rows in that very snapshot).
pg_dump --format=custom --compress=6 --no-owner --no-privileges --dbname="$DATABASE_URL" \
  ${MAILLAGE_BACKUP_SNAPSHOT:+--snapshot="$MAILLAGE_BACKUP_SNAPSHOT"} \
  | "${encrypt[@]}" --output "$out"
sha256sum "$out" > "$out.sha256"
echo "$out"
