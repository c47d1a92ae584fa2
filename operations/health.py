"""The operators' health check: every part the portal needs, each with a verdict and the figures behind it.

``/healthz`` (for load balancers) stays cheap: the database and a broker ping. This one also asks the workers
to answer (a broadcast ping with a short timeout), reads beat's heartbeat, looks for unapplied migrations and
measures the free space where the media files are written.
"""

import shutil
import time
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor

from .metrics import beat_heartbeat_age, broker_redis

MB = 1024 * 1024


def _timed(function):
    started = time.perf_counter()
    result = function()
    return result, round((time.perf_counter() - started) * 1000, 1)


def check_databases() -> dict:
    results = {}
    for alias in settings.DATABASES:
        try:
            with connections[alias].cursor() as cursor:
                _, ms = _timed(lambda cursor=cursor: cursor.execute("SELECT 1"))
            results[alias] = {"ok": True, "ms": ms}
        except DatabaseError as error:
            results[alias] = {"ok": False, "error": str(error).strip() or type(error).__name__}
    return results


def check_broker() -> dict:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return {"ok": True, "mode": "eager"}
    import redis

    try:
        _, ms = _timed(broker_redis().ping)
    except redis.RedisError as error:
        return {"ok": False, "error": str(error)}
    return {"ok": True, "ms": ms}


def check_workers(broker_ok: bool) -> dict:
    """At least one worker answers a ping within ``TPBIS_HEALTH_WORKER_TIMEOUT`` seconds."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return {"ok": True, "mode": "eager"}
    if not broker_ok:
        return {"ok": False, "error": "broker unavailable"}
    from celery import current_app

    try:
        replies = current_app.control.inspect(timeout=settings.TPBIS_HEALTH_WORKER_TIMEOUT).ping() or {}
    except Exception as error:  # kombu raises whatever its transport raises
        return {"ok": False, "error": f"{type(error).__name__}: {error}"}
    workers = sorted(replies)
    return {"ok": bool(workers), "workers": workers, **({} if workers else {"error": "no worker answered"})}


def check_beat() -> dict:
    """Beat's heartbeat task (every minute) ran within ``TPBIS_BEAT_MAX_AGE_SECONDS``."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return {"ok": True, "mode": "eager"}
    age = beat_heartbeat_age()
    if age is None:
        return {"ok": False, "error": "no heartbeat recorded"}
    ok = age <= settings.TPBIS_BEAT_MAX_AGE_SECONDS
    return {"ok": ok, "age_seconds": round(age), **({} if ok else {"error": "heartbeat too old"})}


def check_migrations() -> dict:
    try:
        executor = MigrationExecutor(connections["default"])
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError as error:
        return {"ok": False, "error": str(error).strip()}
    pending = [f"{migration.app_label}.{migration.name}" for migration, _ in plan]
    return {"ok": not pending, "pending": pending}


def check_disk() -> dict:
    """Free space on the file system of ``MEDIA_ROOT`` (or of its nearest existing parent)."""
    path = Path(settings.MEDIA_ROOT)
    while not path.exists() and path != path.parent:
        path = path.parent
    usage = shutil.disk_usage(path)
    free_mb = usage.free // MB
    ok = free_mb >= settings.TPBIS_HEALTH_MIN_FREE_MB
    return {
        "ok": ok,
        "free_mb": free_mb,
        "free_percent": round(100 * usage.free / usage.total, 1),
        **({} if ok else {"error": f"less than {settings.TPBIS_HEALTH_MIN_FREE_MB} MB free"}),
    }


def detailed_health() -> dict:
    databases = check_databases()
    broker = check_broker()
    checks = {
        "database": {"ok": all(result["ok"] for result in databases.values()), "databases": databases},
        "broker": broker,
        "workers": check_workers(broker["ok"]),
        "beat": check_beat(),
        "migrations": check_migrations() if databases["default"]["ok"] else {"ok": False, "error": "no database"},
        "disk": check_disk(),
    }
    return {"ok": all(check["ok"] for check in checks.values()), "checks": checks}
