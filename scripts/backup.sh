#!/usr/bin/env bash
# make backup: a single .tar.gz holding a pg_dump of DATABASE_URL and the media folder (photos, exports).
set -euo pipefail
: "${DATABASE_URL:?DATABASE_URL must point at the PostgreSQL database to back up}"
media=${MEDIA_ROOT:-media}
out=${1:-backups/tpbis-$(date +%Y%m%d-%H%M%S).tar.gz}
mkdir -p "$(dirname "$out")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pg_dump --format=custom --no-owner --no-privileges --dbname="$DATABASE_URL" --file="$work/database.dump"
mkdir -p "$work/media"
[ -d "$media" ] && cp -a "$media/." "$work/media/"
tar -czf "$out" -C "$work" database.dump media
echo "$out"
