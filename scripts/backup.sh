#!/usr/bin/env bash
# make backup: a single .tar.gz holding a pg_dump of DATABASE_URL and the media folder (photos, exports).
#   scripts/backup.sh [FILE]                   write FILE (default backups/tpbis-<time>.tar.gz)
#   scripts/backup.sh --dir DIR [--keep N]     write DIR/tpbis-<time>.tar.gz; then keep only the newest N there
# Old archives are removed only after a new one was written completely.
set -euo pipefail
: "${DATABASE_URL:?DATABASE_URL must point at the PostgreSQL database to back up}"
media=${MEDIA_ROOT:-media}
dir=backups
keep=
out=
while [ $# -gt 0 ]; do
  case "$1" in
    --dir) dir=${2:?--dir needs a folder}; shift 2 ;;
    --keep) keep=${2:?--keep needs a number}; shift 2 ;;
    -*) echo "usage: $0 [--dir DIR] [--keep N] [FILE]" >&2; exit 2 ;;
    *) out=$1; shift ;;
  esac
done
[[ -z "$keep" || "$keep" =~ ^[1-9][0-9]*$ ]] || { echo "--keep needs a number of archives, 1 or more" >&2; exit 2; }
out=${out:-$dir/tpbis-$(date +%Y%m%d-%H%M%S).tar.gz}
mkdir -p "$(dirname "$out")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pg_dump --format=custom --no-owner --no-privileges --dbname="$DATABASE_URL" --file="$work/database.dump"
mkdir -p "$work/media"
[ -d "$media" ] && cp -a "$media/." "$work/media/"
# Written beside its final name and renamed: a half-written archive never looks like a backup.
tar -czf "$out.partial" -C "$work" database.dump media
mv "$out.partial" "$out"
echo "$out"
if [ -n "$keep" ]; then
  find "$(dirname "$out")" -maxdepth 1 -name 'tpbis-*.tar.gz' -printf '%T@ %p\n' | sort -rn | tail -n +$((keep + 1)) |
    cut -d' ' -f2- | while read -r old; do rm -f -- "$old" && echo "removed $old"; done
fi
