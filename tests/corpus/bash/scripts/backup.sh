#!/usr/bin/env bash
# Nightly backup: dumps the database, encrypts the dump and prunes old copies.
set -o pipefail

BACKUP_ROOT="/var/backups/shop"
KEEP_DAYS=14
TARGET="${1:-}"

prune() {
  # techlead-expect: bash-rm-rf-variable
  rm -rf $TARGET/old
  # techlead-safe
  find "$BACKUP_ROOT" -name '*.sql.gz.gpg' -mtime +"$KEEP_DAYS" -delete
}

dump() {
  local out
  out=$(mktemp -d)
  # techlead-safe
  pg_dump --no-password shop | gzip > "$out/shop.sql.gz"
  # techlead-safe
  gpg --batch --yes --recipient backup@example.com --encrypt "$out/shop.sql.gz"
  # techlead-safe
  mv "$out/shop.sql.gz.gpg" "$BACKUP_ROOT/shop-$(date +%F).sql.gz.gpg"
  # techlead-safe
  rm -rf -- "${out:?}"
}

upload() {
  # techlead-expect: bash-password-in-argument
  sshpass -p "$BACKUP_PASSWORD" scp "$BACKUP_ROOT"/*.gpg backup@store.internal:/backups/
  # techlead-safe
  SSHPASS="$BACKUP_PASSWORD" sshpass -e scp "$BACKUP_ROOT"/*.gpg backup@store2.internal:/backups/
}

report() {
  # techlead-expect: bash-tmp-file-predictable
  du -sh "$BACKUP_ROOT" | tee /tmp/backup-report.txt
  # techlead-safe
  du -sh "$BACKUP_ROOT" | tee "$BACKUP_ROOT/report.txt"
}

restore_hook() {
  local cmd="$1"
  # techlead-expect: bash-eval-variable
  eval $cmd
  # techlead-safe
  eval "$(ssh-agent -s)"
}

mkdir -p "$BACKUP_ROOT"
# techlead-safe
chmod 700 "$BACKUP_ROOT"
dump
prune
upload
report
restore_hook "${RESTORE_HOOK:-true}"
