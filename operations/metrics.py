"""Prometheus metrics beyond django-prometheus's request counts and latencies: the task queue and task outcomes.

Task outcomes are counted where the tasks run, in the workers (any number, on any machine), into one Redis hash
on the cache's database; every web process reads that hash and the queue's length when it is scraped, so any
web machine answers with the whole deployment's figures. Without Redis (``make run``: tasks run eagerly in the
web process) they are counted in the process.
"""

import logging
import time
from collections import Counter

import redis
from django.conf import settings
from django.core.cache import cache
from prometheus_client import CollectorRegistry, generate_latest, multiprocess
from prometheus_client import registry as default_registry
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily

logger = logging.getLogger(__name__)

OUTCOMES_KEY = "tpbis:ops:task-outcomes"
BEAT_HEARTBEAT_KEY = "tpbis:ops:beat-heartbeat"
_local_outcomes: Counter = Counter()


def _cache_redis():
    """The cache's Redis client, or None when the cache is not Redis."""
    if "django_redis" not in settings.CACHES["default"]["BACKEND"]:
        return None
    from django_redis import get_redis_connection

    return get_redis_connection("default")


def broker_redis() -> redis.Redis:
    return redis.Redis.from_url(settings.CELERY_BROKER_URL, socket_connect_timeout=1, socket_timeout=1)


def record_task_outcome(task_name: str, state: str) -> None:
    field = f"{task_name}|{state}"
    client = _cache_redis()
    if client is None:
        _local_outcomes[field] += 1
        return
    try:
        client.hincrby(OUTCOMES_KEY, field, 1)
    except redis.RedisError as error:  # a metric is not worth failing a task for
        logger.warning("Task outcome not counted: %s", error)


def task_outcomes() -> dict[tuple[str, str], int]:
    client = _cache_redis()
    raw = dict(_local_outcomes) if client is None else client.hgetall(OUTCOMES_KEY)
    counts = {}
    for field, value in raw.items():
        field = field.decode() if isinstance(field, bytes) else field
        task, _, state = field.rpartition("|")
        counts[task, state] = int(value)
    return counts


def record_beat_heartbeat() -> None:
    cache.set(BEAT_HEARTBEAT_KEY, time.time(), timeout=None)


def beat_heartbeat_age() -> float | None:
    """Seconds since the beat-scheduled heartbeat task last ran, or None when it never did (or is forgotten)."""
    last = cache.get(BEAT_HEARTBEAT_KEY)
    return None if last is None else max(0.0, time.time() - float(last))


class PortalCollector:
    """Read at each scrape: queue length, task outcomes, beat heartbeat age."""

    def collect(self):
        if not settings.CELERY_TASK_ALWAYS_EAGER:
            queue = GaugeMetricFamily(
                "tpbis_celery_queue_length", "Tasks waiting in the broker's queue", labels=["queue"]
            )
            name = settings.CELERY_TASK_DEFAULT_QUEUE
            try:
                queue.add_metric([name], broker_redis().llen(name))
                yield queue
            except redis.RedisError as error:
                logger.warning("Queue length not read: %s", error)
        outcomes = CounterMetricFamily(
            "tpbis_celery_tasks", "Tasks finished, by task and final state", labels=["task", "state"]
        )
        try:
            for (task, state), count in sorted(task_outcomes().items()):
                outcomes.add_metric([task, state], count)
        except redis.RedisError as error:
            logger.warning("Task outcomes not read: %s", error)
        yield outcomes
        age = beat_heartbeat_age()
        if age is not None:
            yield GaugeMetricFamily(
                "tpbis_beat_heartbeat_age_seconds", "Seconds since beat's heartbeat task last ran", value=age
            )


_portal_registry = CollectorRegistry(auto_describe=False)
_portal_registry.register(PortalCollector())


def exposition() -> bytes:
    """The text exposition: this process's (or, under gunicorn, all its workers') metrics and the portal's."""
    if settings.PROMETHEUS_MULTIPROC_DIR:
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = default_registry.REGISTRY
    return generate_latest(registry) + generate_latest(_portal_registry)
