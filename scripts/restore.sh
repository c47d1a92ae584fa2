#!/usr/bin/env bash
# make restore FILE=backup.tar.gz: restores the database (into DATABASE_URL, replacing what is there) and media.
set -euo pipefail
file=${1:?usage: scripts/restore.sh BACKUP.tar.gz}
: "${DATABASE_URL:?DATABASE_URL must point at the PostgreSQL database to restore into}"
media=${MEDIA_ROOT:-media}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tar -xzf "$file" -C "$work"
pg_restore --clean --if-exists --no-owner --no-privileges --exit-on-error --single-transaction \
  --dbname="$DATABASE_URL" "$work/database.dump"
mkdir -p "$media"
cp -a "$work/media/." "$media/"
echo "restored $file"
