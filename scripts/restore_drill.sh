#!/usr/bin/env bash
# The restore drill: restore a backup into a scratch database and folder, check it, say how long it took.
#   DRILL_DATABASE_URL=postgres://…/tpbis_drill scripts/restore_drill.sh [ARCHIVE]
# ARCHIVE defaults to the newest tpbis-*.tar.gz in BACKUP_DIR (backups/). The scratch database must exist; what
# it holds is replaced. Production is not touched. Prints the archive's age, the restore time, whether the
# schema matches this release (manage.py migrate --check) and the number of records and media files.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${DRILL_DATABASE_URL:?DRILL_DATABASE_URL must point at a scratch database to restore into}"
archive=${1:-$(ls -t "${BACKUP_DIR:-backups}"/tpbis-*.tar.gz 2>/dev/null | head -1)}
[ -n "$archive" ] && [ -f "$archive" ] || { echo "no backup archive found" >&2; exit 1; }
media=$(mktemp -d)
trap 'rm -rf "$media"' EXIT
started=$(date +%s)
DATABASE_URL=$DRILL_DATABASE_URL MEDIA_ROOT=$media scripts/restore.sh "$archive" >/dev/null
seconds=$(($(date +%s) - started))
echo "archive: $archive ($(( (started - $(stat -c %Y "$archive")) / 3600 )) h old)"
echo "restored in ${seconds} s"
DATABASE_URL=$DRILL_DATABASE_URL MEDIA_ROOT=$media DJANGO_LOG_LEVEL=WARNING .venv/bin/python manage.py migrate --check \
  >/dev/null && echo "schema: matches this release" || { echo "schema: migrations pending (an older release)"; }
DATABASE_URL=$DRILL_DATABASE_URL DJANGO_LOG_LEVEL=WARNING .venv/bin/python manage.py shell -c "
from accounts.models import User
from activities.models import Activity
from libraries.models import Library
from reports.models import MonthlyReport
for model in (Library, User, Activity, MonthlyReport):
    print(f'{model._meta.db_table}: {model.objects.count()}')
"
echo "media files: $(find "$media" -type f | wc -l)"
