"""Lockouts and throttles hold for the real client behind the proxy, not for a header a client writes."""

import pytest
from celery.signals import task_prerun
from django.core.cache import cache
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.demo import DEMO_PASSWORD

pytestmark = pytest.mark.django_db

PROXY = "127.0.0.1"  # nginx on the same machine
REAL = "203.0.113.5"  # the attacker's real address, as nginx appends it
OTHER = "198.51.100.7"  # the account's owner, elsewhere


@pytest.fixture(autouse=True)
def behind_one_proxy(settings):
    settings.NUM_PROXIES = 1
    cache.clear()
    yield
    cache.clear()


def login(client, address: str, password: str, spoofed: str = ""):
    forwarded = f"{spoofed}, {address}" if spoofed else address
    return client.post(
        reverse("login"),
        {"username": "dkpus.babel", "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded,
    )


def test_five_failures_lock_the_attackers_address_not_the_owner(client, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, REAL, "salah")
    assert login(client, REAL, DEMO_PASSWORD).status_code == 429  # the lockout holds for the real client
    # ... however the attacker dresses up the header: only the address nginx appended counts
    assert login(client, REAL, DEMO_PASSWORD, spoofed=OTHER).status_code == 429
    assert login(client, REAL, DEMO_PASSWORD, spoofed="999.1.1.1").status_code == 429
    # the owner, from elsewhere behind the same proxy, still logs in
    response = login(client, OTHER, DEMO_PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"]


def test_a_spoofed_header_cannot_lock_the_owner_out(client, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT + 2):
        login(client, REAL, "salah", spoofed=OTHER)  # pretending to come from the owner's address
    assert login(client, OTHER, DEMO_PASSWORD).status_code == 302


def test_without_proxies_the_header_is_ignored(client, settings):
    settings.NUM_PROXIES = 0
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("login"),
            {"username": "dkpus.babel", "password": "salah"},
            REMOTE_ADDR=REAL,
            HTTP_X_FORWARDED_FOR=OTHER,
        )
    locked = client.post(reverse("login"), {"username": "dkpus.babel", "password": DEMO_PASSWORD}, REMOTE_ADDR=REAL)
    assert locked.status_code == 429


def test_the_api_token_login_follows_the_same_rule(settings):
    api = APIClient()
    url = "/api/v1/auth/token/"
    body = {"username": "dkpus.babel", "password": "salah"}
    for _ in range(settings.AXES_FAILURE_LIMIT):
        api.post(url, body, format="json", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=REAL)
    right = {"username": "dkpus.babel", "password": DEMO_PASSWORD}
    locked = api.post(url, right, format="json", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"{OTHER}, {REAL}")
    assert locked.status_code == 429
    assert api.post(url, right, format="json", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=OTHER).status_code == 200


# -- password reset ------------------------------------------------------------------------------------------------


@pytest.fixture
def celery_tasks():
    seen = []

    def record(sender=None, **kwargs):
        seen.append(sender.name)

    task_prerun.connect(record)
    yield seen
    task_prerun.disconnect(record)


def reset(client, address: str, email: str):
    return client.post(reverse("password_reset"), {"email": email}, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=address)


def test_password_reset_is_throttled_per_address(client, user, mailoutbox, settings, celery_tasks):
    email = user("dkpus.babel").email
    answers = [reset(client, REAL, f"orang{n}@example.org").status_code for n in range(8)]
    limit = settings.TPBIS_PASSWORD_RESET_PER_ADDRESS
    assert answers == [302] * limit + [429] * (8 - limit)
    page = reset(client, REAL, email)
    assert page.status_code == 429
    assert "Terlalu banyak" in page.content.decode()
    assert reset(client, OTHER, email).status_code == 302  # another address is not held up
    assert len(mailoutbox) == 1
    assert celery_tasks == ["accounts.tasks.send_email"]  # the mail went through the task queue


def test_password_reset_mails_one_account_a_few_times_at_most(client, user, mailoutbox, settings):
    email = user("dkpus.babel").email
    for number in range(8):
        assert reset(client, f"198.51.100.{number + 10}", email).status_code == 302  # the same answer every time
    assert len(mailoutbox) == settings.TPBIS_PASSWORD_RESET_PER_ACCOUNT
    assert "/accounts/reset/" in mailoutbox[0].body
