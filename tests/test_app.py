"""The installable app: manifest, service worker and its app shell, offline page, outbox, and the replay of a
record made offline (submission token, CSRF from the cookie, a session that ended meanwhile)."""

import json
import re
import uuid

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse

from activities.models import Activity
from tests.conftest import LIBRARIAN
from tests.scoping import ROLES, library_at

pytestmark = pytest.mark.django_db


def worker_config(response) -> dict:
    match = re.search(r"self\.TPBIS_APP = (\{.*?\});\n", response.content.decode(), re.S)
    return json.loads(match.group(1))


def static_file(url: str) -> str | None:
    return finders.find(url.removeprefix("/static/"))


def test_the_manifest_makes_the_portal_installable(client):
    response = client.get(reverse("manifest"))
    assert response.status_code == 200  # without a login: browsers fetch it without cookies
    assert response["Content-Type"] == "application/manifest+json"
    manifest = response.json()
    assert manifest["name"] == "Portal TPBIS" and manifest["lang"] == "id"
    assert (manifest["start_url"], manifest["scope"], manifest["display"]) == ("/", "/", "standalone")
    assert manifest["theme_color"] == "#0d6efd" and manifest["id"] == "/"
    icons = {(icon["sizes"], icon["purpose"]) for icon in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("192x192", "maskable"), ("512x512", "maskable")} <= icons
    for icon in manifest["icons"]:
        assert static_file(icon["src"]), icon["src"]


def test_every_page_links_the_manifest_and_the_worker(client_as):
    content = client_as(LIBRARIAN).get(reverse("home")).content.decode()
    assert f'rel="manifest" href="{reverse("manifest")}"' in content
    assert 'name="theme-color"' in content
    assert 'data-worker="/sw.js"' in content
    pages = re.search(r'data-pages="([^"]*)"', content).group(1).split()
    assert {"/", "/activities/add/", "/outbox/"} <= set(pages)


def test_the_service_worker_covers_the_site_and_precaches_the_app_shell(client):
    response = client.get(reverse("service_worker"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    config = worker_config(response)
    urls = {entry["url"] for entry in config["precache"]}
    for needed in [
        "/static/vendor/bootstrap/bootstrap.min.css",
        "/static/vendor/bootstrap/bootstrap.bundle.min.js",
        "/static/css/portal.css",
        "/static/js/portal.js",
        "/static/js/offline-form.js",
        "/static/js/outbox.js",
        "/static/vendor/idb/idb.umd.js",
        "/static/img/icons/icon-192.png",
        "/offline/",
    ]:
        assert needed in urls, needed
    assert not any("api-docs" in url or "/workbox/" in url for url in urls)
    assert all(len(entry["revision"]) == 12 for entry in config["precache"])
    assert all(static_file(url) for url in urls if url.startswith("/static/"))
    imported = re.search(r"importScripts\((.*)\);", response.content.decode()).group(1)
    scripts = json.loads(f"[{imported}]")
    assert scripts[0].endswith("workbox-core.prod.js") and scripts[-1].endswith("js/service-worker.js")
    assert all(static_file(url) for url in scripts)
    assert config["offline"] == "/offline/" and "/accounts/login/" in config["neverCache"]
    assert worker_config(client.get(reverse("service_worker")))["version"] == config["version"]


def test_the_offline_page_needs_no_login_and_names_nobody(client, client_as):
    anonymous = client.get(reverse("offline"))
    assert anonymous.status_code == 200 and 'data-testid="offline-page"' in anonymous.content.decode()
    assert LIBRARIAN not in client_as(LIBRARIAN).get(reverse("offline")).content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_every_role_has_an_outbox(client_as, role):
    assert client_as(role).get(reverse("outbox")).status_code == 200


def test_the_outbox_needs_a_login():
    assert Client().get(reverse("outbox")).status_code == 302


def activity(token: str) -> dict:
    return {
        "client_token": token,
        "strategy": "community_engagement",
        "date": "2025-02-10",
        "title": "Kelas membaca untuk ibu-ibu PKK",
        "participants_male": "0",
        "participants_female": "14",
    }


def replay(client: Client, data: dict):
    """What static/js/outbox.js sends: the form's fields without its CSRF field, the cookie's token in a header."""
    return client.post(
        reverse("activities:activity_add"),
        data,
        headers={
            "Accept": "application/json",
            "X-Requested-With": "XMLHttpRequest",
            "X-CSRFToken": client.cookies["csrftoken"].value,
        },
    )


def phone(user) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user(LIBRARIAN))
    client.get(reverse("home"))  # the page sets the CSRF cookie
    return client


def test_a_replayed_record_is_stored_exactly_once(user):
    client = phone(user)
    data = activity(str(uuid.uuid4()))
    first, again = replay(client, data), replay(client, data)
    assert (first.status_code, again.status_code) == (200, 200)
    assert first.json()["created"] and not again.json()["created"]
    assert first.json()["id"] == again.json()["id"]
    assert first.json()["photo_url"] == reverse("activities:activity_photo_add", args=[first.json()["id"]])
    assert Activity.objects.filter(client_token=data["client_token"]).count() == 1


def test_a_replay_without_a_valid_token_is_refused(user):
    client = phone(user)
    response = client.post(
        reverse("activities:activity_add"), activity(str(uuid.uuid4())), headers={"Accept": "application/json"}
    )
    assert response.status_code == 403
    assert not Activity.objects.filter(title="Kelas membaca untuk ibu-ibu PKK").exists()


def test_a_replay_after_the_session_ended_stays_queued_until_the_login(user):
    client = phone(user)
    data = activity(str(uuid.uuid4()))
    del client.cookies[settings.SESSION_COOKIE_NAME]  # the session ended while the record waited
    ended = replay(client, data)
    assert ended.status_code == 401
    assert ended.json()["login_required"] and ended.json()["login_url"] == reverse("login")
    assert not Activity.objects.filter(client_token=data["client_token"]).exists()
    # A page asked for by the browser itself still goes to the login page.
    assert client.get(reverse("activities:activity_add"))["Location"].startswith(reverse("login"))
    client = phone(user)  # logged in again: a new session and a new CSRF cookie
    assert replay(client, data).json()["created"]
    assert Activity.objects.filter(client_token=data["client_token"], library=library_at("own_village")).count() == 1
