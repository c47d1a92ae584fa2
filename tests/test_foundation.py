"""The foundation's promises: PostgreSQL underneath, health check, home per role, Indonesian first."""

import json

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import translation

from libraries.models import Library


def test_suite_runs_on_postgresql(db):
    assert connection.vendor == "postgresql"


def test_healthz_reports_database_and_broker(client, db, settings):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = json.loads(response.content)
    assert body["database"] == "ok"
    assert body["broker"] in {"ok", "eager"}


def test_favicon_is_served_without_login(client, db):
    """Every page links the icon, and browsers that ask for /favicon.ico anyway are sent to it."""
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("img/favicon.svg")
    login = client.get(reverse("login")).content.decode()
    assert 'rel="icon"' in login and "img/favicon.svg" in login


def test_healthz_reports_real_redis_when_configured(client, db, settings):
    if not settings.REDIS_URL:
        pytest.skip("REDIS_URL not set")
    settings.CELERY_TASK_ALWAYS_EAGER = False
    assert json.loads(client.get("/healthz").content)["broker"] == "ok"


def test_everything_else_requires_login(client, db):
    response = client.get(reverse("libraries:library_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_login_page_is_indonesian_by_default(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert 'lang="id"' in response.content.decode()
    assert "Masuk" in response.content.decode()


def test_english_is_available(client, db):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "Log in" in client.get(reverse("login")).content.decode()


def test_catalogue_translates_model_labels(db):
    with translation.override("id"):
        assert str(Library._meta.verbose_name_plural) == "perpustakaan"


def test_dkpus_babel_lands_on_the_babel_verification_queue(client_as):
    response = client_as("dkpus.babel").get(reverse("home"))
    assert response.templates[0].name == "reports/queue/queue.html"
    libraries = Library.objects.filter(pk__in=[pk for pk, _name, _n in response.context["counts"].libraries])
    assert set(libraries.values_list("province_id", flat=True)) <= {"19"}
    assert "Antrean verifikasi" in response.content.decode()


def test_dkpus_bali_sees_none_of_babel(client_as):
    response = client_as("dkpus.bali").get(reverse("home"))
    libraries = Library.objects.filter(pk__in=[pk for pk, _name, _n in response.context["counts"].libraries])
    assert set(libraries.values_list("province_id", flat=True)) <= {"51"}
    assert "Kabupaten Bangka" not in response.content.decode()


def test_the_libraries_of_babel_are_a_click_away_for_its_staff(client_as):
    response = client_as("dkpus.babel").get(reverse("libraries:library_list"), {"level": "village"})
    assert response.context["table"].paginator.count == 45


def test_konsultan_sees_all_and_is_read_only(client_as):
    response = client_as("konsultan").get(reverse("home"))
    assert response.context["counts"]["total"] == Library.objects.count()
    assert response.context["read_only"] is True


def test_home_query_count_is_bounded(client_as, django_assert_max_num_queries):
    client = client_as("dkpus.babel")
    # the queue (staff's home) with its records' open evidence flags, and the navbar's unread notices
    with django_assert_max_num_queries(12):
        client.get(reverse("home"))


def test_the_verified_only_reading_is_read_from_the_query_string():
    from django.http import QueryDict

    from foundation.readings import Reading, verified_only

    assert verified_only(QueryDict("verified=1")) and verified_only(QueryDict("verified=true"))
    for query in ("", "verified=0", "verified=yes", "verified=%00", "verified=1&verified=0"):
        assert not verified_only(QueryDict(query)), query
    reading = Reading.of(QueryDict("period=2021-08&page=3"), entered=40, verified=30)
    assert (reading.verified_only, reading.percent) == (False, 75)
    assert reading.verified_query == "period=2021-08&verified=1"
    assert reading.entered_query == "period=2021-08"
    assert Reading.of(QueryDict(""), 0, 0).percent is None
