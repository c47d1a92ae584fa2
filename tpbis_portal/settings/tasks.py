"""Celery on Redis and the cache: the broker, how tasks are sent and run, worker limits, beat's schedule, and the
cache in a Redis database of its own."""

import os
from urllib.parse import urlparse

from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

from .base import TIME_ZONE
from .env import envbool, envint


def redis_url_next_db(url: str) -> str:
    """``redis://host:6379/0`` → ``redis://host:6379/1``: the database after the URL's own."""
    parsed = urlparse(url)
    if parsed.scheme not in {"redis", "rediss"}:
        raise ImproperlyConfigured("Set CACHE_REDIS_URL: the cache's database cannot be derived from REDIS_URL.")
    database = int(parsed.path.strip("/") or 0)
    return parsed._replace(path=f"/{database + 1}").geturl()


# Redis is optional locally: without it Celery runs tasks eagerly and the cache is per process.
REDIS_URL = os.environ.get("REDIS_URL", "")
# The cache lives in the next Redis database after the broker's (or at CACHE_REDIS_URL), so that clearing the
# cache never drops queued tasks.
CACHE_REDIS_URL = os.environ.get("CACHE_REDIS_URL", "") or (REDIS_URL and redis_url_next_db(REDIS_URL))
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = envbool("CELERY_TASK_ALWAYS_EAGER", not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A broker that is down or hung must not hold a web request for long: connecting and every socket
# operation time out after 2 s, and a failed publish is tried once more (at worst about 6 s for a hung
# broker: the publish, then two reconnections; well under a second for a stopped one) before
# ``reports.progress.jobs.dispatch`` gives up and leaves the job queued for the re-dispatch beat job.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 3600,
    "socket_connect_timeout": 2,
    "socket_timeout": 2,  # above kombu's 1 s BRPOP timeout, so an idle worker is not disturbed
    "max_retries": 1,
}
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}
CELERY_TIMEZONE = TIME_ZONE

# Celery workers: a task is warned (SoftTimeLimitExceeded, recorded on its job) then killed past its limits; a
# worker process is replaced after so many tasks or once it holds this much memory (KiB), whichever comes first.
CELERY_TASK_DEFAULT_QUEUE = "celery"
CELERY_TASK_SOFT_TIME_LIMIT = envint("CELERY_TASK_SOFT_TIME_LIMIT", 600)
CELERY_TASK_TIME_LIMIT = envint("CELERY_TASK_TIME_LIMIT", 720)
CELERY_WORKER_MAX_TASKS_PER_CHILD = envint("CELERY_WORKER_MAX_TASKS_PER_CHILD", 200)
CELERY_WORKER_MAX_MEMORY_PER_CHILD = envint("CELERY_WORKER_MAX_MEMORY_PER_CHILD", 512_000)

CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BEAT_SCHEDULE: dict = {
    # Daily after the deadline: e-mail librarians whose monthly report is missing or returned (each once).
    "monthly-report-reminders": {
        "task": "reports.tasks.send_report_reminders",
        "schedule": crontab(minute=0, hour=8),
    },
    # The day after the monthly-report deadline, compile last month's progress reports for every scope.
    "compile-progress-reports": {
        "task": "reports.compile_tasks.compile_last_month",
        "schedule": crontab(minute=0, hour=1, day_of_month=envint("TPBIS_REPORT_DEADLINE_DAY", 5) + 1),
    },
    # Compile jobs requested while the broker was unreachable (or whose message was lost) are sent again.
    "redispatch-compile-jobs": {"task": "reports.compile_tasks.redispatch_compile_jobs", "schedule": 60.0},
    # Notification mail that could not be handed to a worker at once (broker away, a worker died) goes out here.
    "notification-mail-sweep": {"task": "notifications.tasks.send_pending_mail", "schedule": 300.0},
    # Each morning: the digests of those who chose one, and the teams' commitments nearing their due date.
    "notification-digests": {"task": "notifications.tasks.send_daily_digests", "schedule": crontab(minute=0, hour=7)},
    "commitments-due": {"task": "libraries.tasks.notify_commitments_due", "schedule": crontab(minute=30, hour=6)},
    # The province months' appended differences folded into one row per group (the national dashboard reads them).
    "fold-province-months": {
        "task": "reports.fold_province_months",
        "schedule": 600.0,
        "options": {"expires": 590},
    },
    # Beat's heartbeat, which the detailed health check and the metrics read (operations/tasks.py).
    "operations-beat-heartbeat": {
        "task": "operations.tasks.beat_heartbeat",
        "schedule": 60.0,
        "options": {"expires": 55},  # no pile of heartbeats for a worker that comes back
    },
}

# The cache must never take the portal down: when Redis is unreachable, reads miss and writes are dropped.
CACHES = {
    "default": (
        {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": CACHE_REDIS_URL,
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1, "IGNORE_EXCEPTIONS": True},
        }
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
