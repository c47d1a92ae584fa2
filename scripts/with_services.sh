#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL (127.0.0.1:5433) and Redis (127.0.0.1:6390),
# stopping both afterwards whatever the command's outcome.
set -euo pipefail
PG_PORT=${PG_PORT:-5433}
REDIS_PORT=${REDIS_PORT:-6390}
work=$(mktemp -d /tmp/tpbis-services.XXXXXX)
chmod 755 "$work"
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$pg_bin" ] || pg_bin=$(pg_config --bindir)

as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

stop() {
  status=$?
  as_pg "$pg_bin/pg_ctl" -D "$work/pg" -m immediate stop >/dev/null 2>&1 || true
  [ -f "$work/redis.pid" ] && kill "$(cat "$work/redis.pid")" 2>/dev/null || true
  rm -rf "$work"
  exit $status
}
trap stop EXIT INT TERM

[ "$(id -u)" -eq 0 ] && chown postgres "$work"
as_pg "$pg_bin/initdb" -D "$work/pg" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
as_pg "$pg_bin/pg_ctl" -D "$work/pg" -l "$work/pg.log" -w \
  -o "-p $PG_PORT -k $work -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
redis-server --daemonize yes --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no \
  --pidfile "$work/redis.pid" --dir "$work" >/dev/null

export DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/tpbis"
export REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
export CELERY_TASK_ALWAYS_EAGER=${CELERY_TASK_ALWAYS_EAGER:-true}
export TPBIS_SERVICES_DIR="$work" TPBIS_PG_BIN="$pg_bin" PG_PORT REDIS_PORT
"$@"
