#!/usr/bin/env bash
# make load: the portal with production settings (gunicorn, PostgreSQL, Redis) under 50 users for 60 s.
# Starts its own throwaway PostgreSQL and Redis (PG_PORT, REDIS_PORT as for make test), loads the demo
# data, and runs perf/loadtest/run.py; arguments go to it (e.g. --users 20 --duration 30). See docs/performance.md.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${TPBIS_SERVICES_DIR:-}" ]; then exec scripts/with_services.sh "$0" "$@"; fi
py=.venv/bin/python

export DJANGO_DEBUG=false DJANGO_ALLOWED_HOSTS=127.0.0.1 CELERY_TASK_ALWAYS_EAGER=false EMAIL_URL=console://
export DJANGO_SECRET_KEY="load-test-$($py -c 'import secrets; print(secrets.token_urlsafe(32))')"

$py - <<'PY'
import os
from urllib.parse import urlparse

import psycopg

url = urlparse(os.environ["DATABASE_URL"])
name = url.path.lstrip("/")
with psycopg.connect(host=url.hostname, port=url.port, user=url.username, dbname="postgres", autocommit=True) as db:
    if not db.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
        db.execute(f'CREATE DATABASE "{name}"')
PY
$py manage.py migrate --noinput --verbosity 0
$py manage.py load_regions --provinces 19,51,52,61 >/dev/null
$py manage.py load_demo --verbosity 0
# Static files with production settings (hashed, compressed names); only when something changed.
if [ ! -f staticfiles/staticfiles.json ] || [ -n "$(find static -newer staticfiles/staticfiles.json -print -quit)" ]; then
  $py manage.py collectstatic --noinput --verbosity 0
fi
exec $py -m perf.loadtest.run "$@"
