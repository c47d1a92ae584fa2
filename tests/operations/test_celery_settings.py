"""Celery's broker and the cache in separate Redis databases; task time limits and worker recycling set."""

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from tpbis_portal.celery import app
from tpbis_portal.settings import redis_url_next_db


@pytest.mark.parametrize(
    ("broker", "cache"),
    [
        ("redis://127.0.0.1:6379/0", "redis://127.0.0.1:6379/1"),
        ("redis://127.0.0.1:6379", "redis://127.0.0.1:6379/1"),
        ("rediss://:secret@redis.internal:6380/4", "rediss://:secret@redis.internal:6380/5"),
    ],
)
def test_the_cache_takes_the_database_after_the_brokers(broker, cache):
    assert redis_url_next_db(broker) == cache


def test_a_url_it_cannot_derive_from_asks_for_cache_redis_url():
    with pytest.raises(ImproperlyConfigured, match="CACHE_REDIS_URL"):
        redis_url_next_db("unix:///run/redis.sock")


def test_this_runs_broker_and_cache_apart():
    if not settings.REDIS_URL:
        pytest.skip("needs REDIS_URL (make test starts Redis)")
    assert settings.CACHES["default"]["LOCATION"] == redis_url_next_db(settings.CELERY_BROKER_URL)


def test_tasks_have_time_limits_and_workers_are_recycled():
    assert 0 < app.conf.task_soft_time_limit < app.conf.task_time_limit
    assert app.conf.worker_max_tasks_per_child > 0 and app.conf.worker_max_memory_per_child > 0
    assert app.conf.worker_hijack_root_logger is False
