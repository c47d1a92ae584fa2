"""/ops/metrics: requests and latency (django-prometheus), the broker's queue and task outcomes (real Redis)."""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from operations.metrics import broker_redis
from operations.tasks import beat_heartbeat
from tpbis_portal.celery import app


def scrape(client) -> str:
    response = client.get(reverse("operations:metrics"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    return response.content.decode()


def sample(text: str, name: str, **labels) -> float | None:
    wanted = ",".join(f'{key}="{value}"' for key, value in sorted(labels.items()))  # as exposed: sorted
    pattern = rf"^{re.escape(name)}(?:\{{{re.escape(wanted)}\}})? ([0-9.e+-]+)$" if labels else rf"^{name} (\S+)$"
    match = re.search(pattern, text, re.MULTILINE)
    return float(match[1]) if match else None


def test_requests_and_their_latency_are_counted(client_as):
    client = client_as("admin")
    client.get(reverse("home"))
    text = scrape(client)
    assert sample(text, "django_http_requests_total_by_method_total", method="GET") >= 1
    assert "django_http_requests_latency_seconds_by_view_method_bucket" in text
    assert re.search(r'django_http_responses_total_by_status_total\{status="200"\} [1-9]', text)


def test_task_outcomes_are_counted(client_as):
    client = client_as("admin")
    before = sample(scrape(client), "tpbis_celery_tasks_total", task=beat_heartbeat.name, state="SUCCESS") or 0
    beat_heartbeat.delay()  # eager here; a worker counts into the same Redis hash (tests/operations/test_health.py)
    beat_heartbeat.delay()
    after = sample(scrape(client), "tpbis_celery_tasks_total", task=beat_heartbeat.name, state="SUCCESS")
    assert after == before + 2


@pytest.mark.services
def test_queue_length_is_the_brokers_and_survives_clearing_the_cache(client_as, settings):
    if not settings.REDIS_URL:
        pytest.skip("needs REDIS_URL (make test starts Redis)")
    settings.CELERY_TASK_ALWAYS_EAGER = False
    client = client_as("admin")
    broker = broker_redis()
    broker.delete("celery")
    try:
        with app.connection_for_write() as connection:
            for _ in range(3):
                app.send_task(beat_heartbeat.name, connection=connection)  # no worker runs: the messages wait
        assert sample(scrape(client), "tpbis_celery_queue_length", queue="celery") == 3
        cache.clear()  # the cache is another Redis database: the queue keeps its messages
        assert broker.llen("celery") == 3
        assert sample(scrape(client), "tpbis_celery_queue_length", queue="celery") == 3
    finally:
        broker.delete("celery")  # no message left for the workers of later tests
