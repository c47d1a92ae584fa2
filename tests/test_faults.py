"""Faults with the real services: the portal keeps working, or says clearly what is wrong."""

import json
import urllib.request

import pytest
from django.db import connection
from django.urls import reverse

from libraries.models import Library

from .services import needs_services, restart_postgres, start_redis, stop_redis

pytestmark = [needs_services]


@pytest.fixture
def redis_down():
    stop_redis()
    yield
    start_redis()


def get_json(url: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_requests_succeed_after_postgresql_restarts(live_server, demo_db):
    url = f"{live_server.url}/healthz"
    assert get_json(url) == (200, {"database": "ok", "broker": "eager"})
    restart_postgres()
    connection.close()  # this test's own connection died with the server
    # The live server's persistent connection is stale; CONN_HEALTH_CHECKS replaces it without an error.
    assert get_json(url)[0] == 200
    assert get_json(url)[0] == 200


def test_data_entry_and_pages_work_while_redis_is_down(client_as, redis_down, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    client = client_as("dkpus.babel")
    assert client.get(reverse("home")).status_code == 200
    assert client.get(reverse("libraries:library_list")).status_code == 200
    response = client.post(
        reverse("libraries:library_add"),
        {"name": "Perpustakaan Desa Saat Redis Mati", "level": "village", "province": "19", "village": "19.01.05.2002"},
    )
    assert response.status_code == 302
    assert Library.objects.filter(name="Perpustakaan Desa Saat Redis Mati").exists()
    health = client.get("/healthz")
    assert health.status_code == 200
    assert json.loads(health.content) == {"database": "ok", "broker": "unavailable"}
