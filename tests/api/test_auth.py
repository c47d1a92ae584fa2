"""Token and session authentication, 401 rather than a login redirect, throttling and lockout."""

import pytest
from axes.models import AccessAttempt
from django.test import Client
from rest_framework.test import APIClient
from rest_framework.throttling import UserRateThrottle

from accounts.demo import DEMO_PASSWORD
from libraries.models import Library

TOKEN_URL = "/api/v1/auth/token/"
LIBRARIES = "/api/v1/libraries/"


def test_token_login_then_token_authentication(api, db):
    response = api.post(TOKEN_URL, {"username": "dkpus.babel", "password": DEMO_PASSWORD}, format="json")
    assert response.status_code == 200
    token = response.json()["token"]
    assert "no-store" in response["Cache-Control"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    listed = api.get(LIBRARIES, {"page_size": 500}).json()
    assert listed["count"] == Library.objects.filter(province_id="19").count()
    # asking again (another device) gives another token; both work, each can be revoked on its own
    again = APIClient().post(TOKEN_URL, {"username": "dkpus.babel", "password": DEMO_PASSWORD})
    assert again.status_code == 200
    assert again.json()["token"] != token
    assert api.get(LIBRARIES).status_code == 200


def test_wrong_password_is_a_400_with_a_reason(api, db):
    response = api.post(
        TOKEN_URL, {"username": "dkpus.babel", "password": "salah"}, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["Unable to log in with the username and password given."]}


def test_missing_credentials_are_field_errors(api, db):
    response = api.post(TOKEN_URL, {}, format="json", HTTP_ACCEPT_LANGUAGE="id")
    assert response.status_code == 400
    assert set(response.json()) == {"username", "password"}


def test_no_credentials_is_401_not_a_login_redirect(api, db):
    response = api.get(LIBRARIES)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_an_unknown_token_is_401(api, db):
    api.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567")
    assert api.get(LIBRARIES).status_code == 401


def test_inactive_users_get_no_token(api, user):
    account = user("dispus.bangka")
    account.is_active = False
    account.save()
    response = api.post(TOKEN_URL, {"username": "dispus.bangka", "password": DEMO_PASSWORD}, format="json")
    assert response.status_code == 400


def test_session_authentication_works_and_writes_need_csrf(user, db):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(user("dkpus.babel"))
    assert client.get(LIBRARIES).status_code == 200
    library = Library.objects.filter(province_id="19", level="village").first()
    response = client.patch(f"{LIBRARIES}{library.pk}/", {"manager_name": "Ibu Uji"}, format="json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


def test_token_requests_are_throttled_per_address(api, db):
    credentials = {"username": "dkpus.babel", "password": DEMO_PASSWORD}
    for _ in range(10):  # the "token" rate: 10 a minute
        assert api.post(TOKEN_URL, credentials, format="json").status_code == 200
    response = api.post(TOKEN_URL, credentials, format="json")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    # another address is not affected
    assert api.post(TOKEN_URL, credentials, format="json", REMOTE_ADDR="10.0.0.7").status_code == 200


def test_repeated_failures_lock_the_account_out_of_token_login(api, db):
    wrong = {"username": "dispus.bangka", "password": "salah"}
    for _ in range(4):
        assert api.post(TOKEN_URL, wrong, format="json").status_code == 400
    # the fifth failure (AXES_FAILURE_LIMIT) locks the account out
    assert api.post(TOKEN_URL, wrong, format="json").status_code == 429
    assert AccessAttempt.objects.get(username="dispus.bangka").failures_since_start == 5
    response = api.post(
        TOKEN_URL, {"username": "dispus.bangka", "password": DEMO_PASSWORD}, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 429
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Too many failed login attempts: this account is locked for one hour."}
    # the lockout is the same one that guards the login page
    page = Client().post("/accounts/login/", {"username": "dispus.bangka", "password": DEMO_PASSWORD})
    assert page.status_code == 429
    assert "text/html" in page["Content-Type"]


def test_users_are_throttled_per_account(api_as, monkeypatch):
    monkeypatch.setattr(UserRateThrottle, "rate", "3/minute", raising=False)
    client = api_as("konsultan")
    for _ in range(3):
        assert client.get("/api/v1/provinces/").status_code == 200
    response = client.get("/api/v1/provinces/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 429
    assert "throttled" in response.json()["detail"]
    # other users keep their own allowance
    assert api_as("dkpus.bali").get("/api/v1/provinces/").status_code == 200


@pytest.mark.parametrize("path", ["/api/schema/", "/api/docs/"])
def test_schema_and_docs_are_public(api, db, path):
    assert api.get(path).status_code == 200
