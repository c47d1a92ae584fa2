"""/ops/health/: every part the portal needs; a stopped worker, a silent beat, an unapplied migration or a full
disk make it answer 503. The worker tests run a real Celery worker on the test Redis."""

import json
import time

import pytest
from django.core.cache import cache
from django.db.migrations.recorder import MigrationRecorder
from django.urls import reverse

from operations.metrics import BEAT_HEARTBEAT_KEY
from operations.tasks import beat_heartbeat


def health(client):
    response = client.get(reverse("operations:health"))
    assert response.status_code in {200, 503}
    body = json.loads(response.content)
    assert body["ok"] is (response.status_code == 200)
    return body["checks"], response.status_code


def wait_for(predicate, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError("timed out")


def test_eager_mode_is_healthy_without_worker_or_beat(client_as, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    checks, status = health(client_as("admin"))
    assert status == 200
    assert checks["database"]["databases"]["default"]["ok"]
    assert checks["broker"] == checks["workers"] == checks["beat"] == {"ok": True, "mode": "eager"}
    assert checks["migrations"] == {"ok": True, "pending": []}
    assert checks["disk"]["ok"] and checks["disk"]["free_mb"] > 0


def test_an_unapplied_migration_is_unhealthy(client_as, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    last = MigrationRecorder.Migration.objects.filter(app="reports").order_by("-applied").first()
    last.delete()  # rolled back with the test
    checks, status = health(client_as("admin"))
    assert status == 503
    assert checks["migrations"] == {"ok": False, "pending": [f"reports.{last.name}"]}


def test_too_little_free_disk_is_unhealthy(client_as, settings, tmp_path):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.MEDIA_ROOT = tmp_path / "media" / "not-yet-created"
    settings.TPBIS_HEALTH_MIN_FREE_MB = 10**12
    checks, status = health(client_as("admin"))
    assert status == 503 and not checks["disk"]["ok"]


@pytest.mark.services
def test_redis_without_worker_is_unhealthy(client_as, settings):
    if not settings.REDIS_URL:
        pytest.skip("needs REDIS_URL (make test starts Redis)")
    settings.CELERY_TASK_ALWAYS_EAGER = False
    started = time.monotonic()
    checks, status = health(client_as("admin"))
    assert status == 503
    assert checks["broker"]["ok"] and checks["database"]["ok"]
    assert checks["workers"] == {"ok": False, "workers": [], "error": "no worker answered"}
    assert time.monotonic() - started < settings.TPBIS_HEALTH_WORKER_TIMEOUT + 5


@pytest.mark.services
def test_a_live_worker_and_beat_are_healthy_and_a_stopped_worker_is_not(celery_worker_process, client, user):
    worker = celery_worker_process()
    cache.delete(BEAT_HEARTBEAT_KEY)
    client.force_login(user("admin"))
    checks, status = health(client)
    assert status == 503 and checks["workers"]["ok"]
    assert checks["beat"] == {"ok": False, "error": "no heartbeat recorded"}

    beat_heartbeat.delay()  # as beat sends it every minute; the worker records it
    wait_for(lambda: cache.get(BEAT_HEARTBEAT_KEY) is not None)
    checks, status = health(client)
    assert status == 200, checks
    assert len(checks["workers"]["workers"]) == 1 and checks["beat"]["age_seconds"] < 30

    worker.terminate()
    worker.wait(timeout=30)
    checks, status = health(client)
    assert status == 503
    assert checks["workers"] == {"ok": False, "workers": [], "error": "no worker answered"}
