"""Faults with the real services: the portal keeps working, or says clearly what is wrong and loses nothing."""

import datetime as dt
import errno
import io
import json
import time
import urllib.request
import uuid
from collections import Counter

import pytest
from django.db import connection
from django.urls import reverse
from pypdf import PdfReader

from activities.models import Activity, Flag
from activities.models.flags import FlagCode
from libraries.models import Library
from reports.demo import PLM_PERIOD
from reports.models import CompileJob, MonthlyReport, ProgressReport, ProgressReportExport
from reports.progress import jobs
from reports.progress.tasks import redispatch_compile_jobs
from tpbis_portal.celery import app

from .conftest import LIBRARIAN
from .scoping import library_at
from .services import needs_services, redis_hung, restart_postgres, start_redis, stop_redis

pytestmark = [needs_services]

PERIOD = dt.date(2021, 10, 1)  # no demo activities, reports or compilations


@pytest.fixture
def redis_down():
    stop_redis()
    yield
    start_redis()


@pytest.fixture
def broker(settings):
    """Tasks go to the real Redis instead of running eagerly (nothing consumes them unless a test starts a worker)."""
    eager = app.conf.task_always_eager  # read first: Celery loads its configuration from the settings once
    app.conf.task_always_eager = False
    settings.CELERY_TASK_ALWAYS_EAGER = False
    yield
    app.conf.task_always_eager = eager


def get_json(url: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def wait_for(predicate, timeout=60, message="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {message}")


def test_requests_succeed_after_postgresql_restarts(live_server, demo_db):
    url = f"{live_server.url}/healthz"
    assert get_json(url) == (200, {"database": "ok", "broker": "eager"})
    restart_postgres()
    connection.close()  # this test's own connection died with the server
    # The live server's persistent connection is stale; CONN_HEALTH_CHECKS replaces it without an error.
    assert get_json(url)[0] == 200
    assert get_json(url)[0] == 200


def test_data_entry_and_pages_work_while_redis_is_down(client_as, redis_down, broker):
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


def test_evidence_checks_run_in_the_request_while_the_broker_is_down(client_as, redis_down, broker, committed):
    """The checks' job cannot be queued: the request checks the record itself rather than not at all."""
    client = client_as(LIBRARIAN)
    with committed():
        response = client.post(
            reverse("activities:activity_add"),
            {
                "client_token": str(uuid.uuid4()),
                "strategy": "community_engagement",
                "date": "2021-10-14",  # entered years after its date: flagged as back-dated
                "title": "Kelas membaca saat Redis mati",
                "participants_male": "4",
                "participants_female": "6",
            },
        )
    assert response.status_code == 302
    activity = Activity.objects.get(title="Kelas membaca saat Redis mati")
    assert Flag.objects.filter(object_id=activity.pk, code=FlagCode.BACKDATED).exists()


def test_librarian_entry_and_progress_reports_work_while_redis_is_down(client_as, redis_down, broker):
    client = client_as(LIBRARIAN)
    started = time.monotonic()
    response = client.post(
        reverse("activities:activity_add"),
        {
            "client_token": str(uuid.uuid4()),
            "strategy": "advocacy",
            "date": "2021-10-12",
            "title": "Audiensi dengan kepala desa saat Redis mati",
            "participants_male": "3",
            "participants_female": "2",
        },
    )
    assert response.status_code == 302
    activity = Activity.objects.get(title="Audiensi dengan kepala desa saat Redis mati")
    assert activity.library == library_at("own_village")

    response = client.post(
        f"{reverse('reports:monthlyreport_add')}?period=2021-10",
        {
            "client_token": str(uuid.uuid4()),
            "library": library_at("own_village").pk,
            "period": "2021-10",
            "visitors": "120",
            "loans": "40",
            "new_members": "2",
            "ict_users": "15",
            "books": "1000",
            "digital_books": "0",
            "activities_service_improvement": "0",
            "activities_community_engagement": "0",
            "activities_advocacy": "1",
            "activities_media_publication": "0",
            "participants_male": "3",
            "participants_female": "2",
            "submit_report": "1",
        },
    )
    assert response.status_code == 302
    report = MonthlyReport.objects.get(library=library_at("own_village"), period=PERIOD)
    assert (report.status, report.visitors) == ("submitted", 120)

    staff = client_as("dkpus.babel")
    assert staff.get(reverse("reports:progress_index")).status_code == 200
    detail = staff.get(reverse("reports:progress_detail", args=[f"{PLM_PERIOD:%Y-%m}", "province", "19"]))
    assert detail.status_code == 200
    assert detail.context["report"].figures["libraries"] > 0
    assert time.monotonic() - started < 10  # no request waited on the missing Redis


def test_a_compile_requested_while_redis_is_down_runs_exactly_once_when_it_is_back(client, celery_worker_process, user):
    client.force_login(user("dkpus.babel"))
    stop_redis()
    try:
        started = time.monotonic()
        response = client.post(reverse("reports:compile_start"), {"period": "2021-10", "target": "province:19"})
        assert time.monotonic() - started < 5  # refused by the broker quickly, not hanging
        job = CompileJob.objects.get(period=PERIOD)
        assert response.status_code == 302 and response.url == job.get_absolute_url()
        assert (job.status, job.step, job.undispatched, job.can_retry) == ("queued", "undispatched", True, True)

        page = client.get(job.get_absolute_url())
        content = page.content.decode()
        assert "Antrean tugas sedang tidak tersedia" in content  # the warning message
        assert 'data-testid="job-undispatched"' in content and 'data-testid="job-resend"' in content
        status = client.get(reverse("reports:compile_job_status", args=[job.pk])).json()
        assert (status["status"], status["undispatched"], status["can_retry"]) == ("queued", True, True)

        # "Send again" while Redis is still down: still saved, still waiting, nothing lost.
        response = client.post(reverse("reports:compile_job_retry", args=[job.pk]))
        assert response.status_code == 302
        job.refresh_from_db()
        assert job.undispatched
    finally:
        start_redis()

    celery_worker_process()
    redispatch_compile_jobs.delay()  # what beat sends every minute
    wait_for(lambda: CompileJob.objects.get(pk=job.pk).status == "done", message="the job to run")
    job.refresh_from_db()
    assert (job.attempts, job.progress) == (1, 100)
    assert CompileJob.objects.filter(period=PERIOD).count() == 1
    counts = Counter(ProgressReport.objects.filter(period=PERIOD).values_list("scope", "code"))
    assert counts[("province", "19")] == 1 and set(counts.values()) == {1}
    assert counts[("regency", "19.01")] == 1
    province = ProgressReport.objects.get(period=PERIOD, scope="province", code="19")
    assert province.job_id == job.pk
    assert set(province.exports.values_list("format", flat=True)) == {"pdf", "xlsx"}
    assert jobs.redispatch_pending() == 0  # nothing left to send, nothing sent twice


def test_a_compile_request_does_not_hang_on_a_hung_broker(client_as, broker, django_capture_on_commit_callbacks):
    client = client_as("dkpus.babel")
    # A serving web process has sent tasks before: its pooled broker connection is open and the queue declared.
    app.send_task("operations.tasks.beat_heartbeat")
    app.control.purge()  # nothing left for the workers of later tests
    with redis_hung():
        started = time.monotonic()
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("reports:compile_start"), {"period": "2021-10", "target": "regency:19.01"})
        elapsed = time.monotonic() - started
    assert response.status_code == 302
    # The publish on the pooled connection times out (2 s), then two reconnections do (2 s each); the cache's
    # reads and writes time out after 1 s each: about 8 s, not a hang.
    assert elapsed < 10
    job = CompileJob.objects.get(period=PERIOD)
    assert job.undispatched


def test_a_failed_pdf_render_shows_on_the_job_and_no_file_is_served(
    client_as, monkeypatch, django_capture_on_commit_callbacks
):
    """A full disk while rendering: the job says so; the download gives an error page, never a partial or stale file."""
    import weasyprint

    first = jobs.run_job(jobs.new_job(PLM_PERIOD, "regency", "19.01").pk)
    assert first.status == "done"
    report = ProgressReport.objects.get(period=PLM_PERIOD, scope="regency", code="19.01")
    old_revision = report.revision
    assert report.exports.filter(format="pdf", revision=old_revision).exists()

    def disk_full(self, *args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    # New figures for the month, so that the next compilation writes a new revision that must be rendered.
    Activity.objects.create(
        library=library_at("own_village"), date=PLM_PERIOD.replace(day=20), strategy="advocacy", title="Audiensi"
    )

    monkeypatch.setattr(weasyprint.HTML, "write_pdf", disk_full)
    failed = jobs.run_job(jobs.new_job(PLM_PERIOD, "regency", "19.01").pk)
    assert (failed.status, failed.step) == ("failed", "pdf")
    assert "No space left on device" in failed.error
    report.refresh_from_db()
    assert report.revision != old_revision  # the figures were recompiled; their rendering failed

    client = client_as("dispus.bangka")
    page = client.get(failed.get_absolute_url()).content.decode()
    assert "No space left on device" in page
    status = client.get(reverse("reports:compile_job_status", args=[failed.pk])).json()
    assert (status["status"], status["can_retry"]) == ("failed", True)

    response = client.get(report.url("progress_export", "pdf"))
    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/html")
    assert "No space left on device" in response.content.decode()
    # The previous revision's PDF is still stored but is not handed out as the current report.
    assert not ProgressReportExport.objects.filter(report=report, format="pdf", revision=report.revision).exists()

    monkeypatch.undo()  # space freed
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:compile_job_retry", args=[failed.pk]))  # eager: runs at once
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == ("done", 2)
    response = client.get(report.url("progress_export", "pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Bangka" in text
