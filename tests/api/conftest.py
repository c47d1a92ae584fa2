import pytest
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from rest_framework.test import APIClient


def clear_throttles() -> None:
    """Forget throttle counters (kept in the cache: Redis under ``make test``), and nothing else."""
    cache = caches["default"]
    if isinstance(cache, RedisCache):
        client = cache._cache.get_client(None, write=True)
        for key in client.scan_iter(match=cache.make_key("throttle_*")):
            client.delete(key)
    else:
        cache.clear()


@pytest.fixture(autouse=True)
def fresh_throttles():
    clear_throttles()
    yield
    clear_throttles()


@pytest.fixture
def api():
    """An API client without credentials."""
    return APIClient()


@pytest.fixture
def api_as(user):
    """``api_as("dkpus.babel")``: an API client authenticated as that demo account."""

    def make(username: str) -> APIClient:
        client = APIClient()
        client.force_authenticate(user(username))
        return client

    return make
