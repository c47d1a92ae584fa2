"""API tokens expire when unused, die with a password change or a deactivation, and their owner revokes them."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from accounts.demo import DEMO_PASSWORD

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/v1/auth/token/"
LIBRARIES = "/api/v1/libraries/"
NEW_PASSWORD = "Kata-sandi-baru#2026"


def token_for(username: str = "dkpus.babel") -> str:
    response = APIClient().post(TOKEN_URL, {"username": username, "password": DEMO_PASSWORD}, format="json")
    assert response.status_code == 200
    return response.json()["token"]


def with_token(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def test_an_old_token_is_refused_after_a_password_change(user):
    token = token_for()
    assert with_token(token).get(LIBRARIES).status_code == 200
    account = user("dkpus.babel")
    account.set_password("Kata-sandi-baru#2026")
    account.save()
    assert with_token(token).get(LIBRARIES).status_code == 401
    assert not AuthToken.objects.filter(user=account).exists()


def test_the_password_change_page_revokes_them_too(client_as, user):
    token = token_for()
    client = client_as("dkpus.babel")
    response = client.post(
        reverse("password_change"),
        {
            "old_password": DEMO_PASSWORD,
            "new_password1": "Kata-sandi-baru#2026",
            "new_password2": "Kata-sandi-baru#2026",
        },
    )
    assert response.status_code == 302
    assert with_token(token).get(LIBRARIES).status_code == 401


@pytest.mark.parametrize("how", ["save", "admin action"])
def test_tokens_die_with_a_deactivation(user, client_as, how):
    token = token_for()
    account = user("dkpus.babel")
    if how == "save":
        account.is_active = False
        account.save()
    else:
        client_as("admin").post(
            reverse("admin:accounts_user_changelist"), {"action": "deactivate", "_selected_action": [account.pk]}
        )
    assert not AuthToken.objects.filter(user=account).exists()
    assert with_token(token).get(LIBRARIES).status_code == 401


def test_a_token_expires_after_the_idle_days(settings):
    token = token_for()
    stored = AuthToken.objects.get(token_key=token[:15])
    assert stored.expiry - timezone.now() > dt.timedelta(days=settings.TPBIS_API_TOKEN_IDLE_DAYS - 1)
    AuthToken.objects.filter(pk=stored.pk).update(expiry=timezone.now() - dt.timedelta(seconds=1))
    assert with_token(token).get(LIBRARIES).status_code == 401


def test_using_a_token_keeps_it_alive():
    token = token_for()
    soon = timezone.now() + dt.timedelta(days=1)
    AuthToken.objects.filter(token_key=token[:15]).update(expiry=soon)
    assert with_token(token).get(LIBRARIES).status_code == 200
    assert AuthToken.objects.get(token_key=token[:15]).expiry > soon + dt.timedelta(days=2)


def test_a_header_that_is_no_text_is_a_401(db):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token \xe9\xe9\xe9")
    assert client.get(LIBRARIES).status_code == 401


def test_the_profile_lists_and_revokes_a_users_tokens(client_as):
    phone, script = token_for(), token_for()
    other = token_for("dkpus.bali")
    client = client_as("dkpus.babel")
    page = client.get(reverse("accounts:profile"))
    assert page.status_code == 200
    html = page.content.decode()
    assert phone[:8] in html and script[:8] in html and other[:8] not in html
    client.post(reverse("accounts:profile"), {"token": phone[:15]})
    assert with_token(phone).get(LIBRARIES).status_code == 401
    assert with_token(script).get(LIBRARIES).status_code == 200
    client.post(reverse("accounts:profile"), {"token": other[:15]})  # someone else's: nothing happens
    assert with_token(other).get(LIBRARIES).status_code == 200
    client.post(reverse("accounts:profile"), {"token": "all"})
    assert with_token(script).get(LIBRARIES).status_code == 401
