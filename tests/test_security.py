"""Deployment settings, security headers and account protections."""

import os
import subprocess
import sys

import pytest
from django.urls import reverse

from accounts.demo import DEMO_PASSWORD

PRODUCTION_ENV = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "a-production-secret-key-that-is-long-and-random-enough-for-django-5-checks-0123456789",
    "DATABASE_URL": "postgres://tpbis@127.0.0.1:5432/tpbis",
    "DJANGO_ALLOWED_HOSTS": "tpbis.example.id",
}


def manage(*args, env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    return subprocess.run(
        [sys.executable, "manage.py", *args], env={**clean, **env}, capture_output=True, text=True, timeout=60
    )


def test_production_settings_pass_check_deploy():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "DATABASE_URL"])
def test_production_refuses_to_start_without(missing):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert f"{missing} is required" in result.stderr


def test_pages_send_security_headers(client, db):
    response = client.get(reverse("login"))
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_templates_have_no_inline_scripts(client_as):
    for username in ["dkpus.babel", "konsultan"]:
        content = client_as(username).get(reverse("home")).content.decode()
        assert "<script>" not in content
        assert " onclick=" not in content


def test_login_locks_after_repeated_failures(client, db, settings):
    url = reverse("login")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(url, {"username": "dkpus.babel", "password": "salah"})
    response = client.post(url, {"username": "dkpus.babel", "password": DEMO_PASSWORD})
    assert response.status_code == 429
    assert "Terlalu banyak percobaan masuk" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_with_right_password_works(client, db):
    response = client.post(reverse("login"), {"username": "dkpus.babel", "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"]


def test_password_reset_sends_a_link(client, db, mailoutbox, user):
    account = user("dkpus.babel")
    response = client.post(reverse("password_reset"), {"email": account.email})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert account.email in mailoutbox[0].to
    assert "/accounts/reset/" in mailoutbox[0].body


def test_inactive_user_cannot_log_in(client, db, user):
    account = user("dkpus.babel")
    account.is_active = False
    account.save()
    response = client.post(reverse("login"), {"username": "dkpus.babel", "password": DEMO_PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_admin_lists_users_with_last_login(client_as):
    content = client_as("admin").get(reverse("admin:accounts_user_changelist")).content.decode()
    assert "column-last_login" in content
    assert "column-is_active" in content


def test_sessions_expire(settings):
    assert 0 < settings.SESSION_COOKIE_AGE <= 24 * 60 * 60


def test_debug_is_off_unless_asked_for():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "DJANGO_DEBUG"}
    result = manage("shell", "-c", "from django.conf import settings; print(settings.DEBUG)", env=env)
    assert result.stdout.strip().splitlines()[-1] == "False", result.stderr
    result = manage("check", env={"DJANGO_ALLOWED_HOSTS": "x"})  # no key, no database: refused
    assert result.returncode != 0


def test_healthz_answers_plain_http_while_pages_redirect_to_https(db, settings):
    from django.test import Client

    settings.SECURE_SSL_REDIRECT = True  # as in production; the middleware reads it when the client starts
    client = Client()
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"
    assert client.get(reverse("login")).status_code == 301


def test_the_admin_cannot_change_a_reports_state(client_as):
    from reports.models import MonthlyReport

    report = MonthlyReport.objects.filter(status="draft").first() or MonthlyReport.objects.first()
    client = client_as("admin")
    page = client.get(reverse("admin:reports_monthlyreport_change", args=[report.pk]))
    assert page.status_code == 200
    form = page.context["adminform"].form
    assert "status" not in form.fields and "verified_by" not in form.fields
