"""With a real Celery worker on Redis: duplicates and a worker killed mid-compile leave exactly one report per scope."""

import datetime as dt
import time
from collections import Counter

import pytest
from django.db import connection, transaction
from django.db.models import Q
from django.urls import reverse

from activities.models import Activity
from libraries.models import Library
from reports.models import CompileJob, ProgressReport, ProgressReportExport
from reports.progress import jobs
from reports.progress.jobs import compile_reports_task

pytestmark = [pytest.mark.services]

PERIOD = dt.date(2021, 9, 1)  # not compiled by the demo


def wait_for(predicate, timeout=60, message="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {message}")


def job_status(job_id):
    return CompileJob.objects.values_list("status", flat=True).get(pk=job_id)


def one_report_per_scope(period):
    counts = Counter(ProgressReport.objects.filter(period=period).values_list("scope", "code"))
    return counts and set(counts.values()) == {1}


def blocked_compilations() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")  # activity statistics are cached per transaction
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE pid <> pg_backend_pid() "
            # The compilation's one statement (its text is cut after 1 kB), waiting for the exports table.
            "AND query LIKE 'WITH%%lib AS%%' AND state = 'active' AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


def test_duplicated_messages_leave_one_report_per_scope(celery_worker_process):
    celery_worker_process()
    job = jobs.new_job(PERIOD, "province", "19")
    compile_reports_task.delay(job.pk)
    compile_reports_task.delay(job.pk)  # the same job delivered twice
    wait_for(lambda: job_status(job.pk) == "done", message="the job to finish")
    time.sleep(0.5)  # let the duplicate be consumed too
    job.refresh_from_db()
    assert job.attempts == 1
    assert one_report_per_scope(PERIOD)
    expected_libraries = Library.objects.filter(province_id="19").count()  # all active in the demo
    assert ProgressReport.objects.filter(period=PERIOD, scope="library").count() == expected_libraries
    assert ProgressReport.objects.filter(period=PERIOD, scope="regency").count() == 6
    assert ProgressReport.objects.get(period=PERIOD, scope="province", code="19").figures["reports_expected"] == 45


def test_a_worker_killed_mid_compile_leaves_the_old_reports_and_a_retry_makes_one_new_set(
    celery_worker_process, client, settings
):
    worker = celery_worker_process()
    first = jobs.run_job(jobs.new_job(PERIOD, "province", "19").pk)
    assert first.status == "done"
    old = dict(ProgressReport.objects.filter(period=PERIOD).values_list("pk", "revision"))
    assert len(set(old.values())) == 1
    library = Library.objects.filter(province_id="19", level="village").order_by("pk").first()
    Activity.objects.create(library=library, date=PERIOD, strategy="advocacy", title="Audiensi kepala desa")

    job = jobs.new_job(PERIOD, "province", "19")
    with transaction.atomic():
        # Hold the exports table: the worker waits inside its transaction, holding the month's lock.
        with connection.cursor() as cursor:
            cursor.execute("LOCK TABLE reports_progressreportexport IN ACCESS EXCLUSIVE MODE")
        compile_reports_task.delay(job.pk)
        wait_for(lambda: blocked_compilations() == 1, message="the worker to be mid-compile")
        assert job_status(job.pk) == "running"
        worker.kill()  # SIGKILL: no clean shutdown, no acknowledgement
        worker.wait(timeout=10)
        # Readers still see the complete previous set, nothing of the unfinished one.
        assert dict(ProgressReport.objects.filter(period=PERIOD).values_list("pk", "revision")) == old
    wait_for(lambda: blocked_compilations() == 0, message="the orphaned transaction to end")
    assert dict(ProgressReport.objects.filter(period=PERIOD).values_list("pk", "revision")) == old
    assert ProgressReportExport.objects.filter(report__period=PERIOD).count() == 2  # the old report's, intact

    settings.TPBIS_COMPILE_STALL_SECONDS = 0  # the page now shows the job as stalled
    client.force_login(_user("dkpus.babel"))
    status = client.get(reverse("reports:compile_job_status", args=[job.pk])).json()
    assert status["status"] == "running" and status["stalled"] and status["can_retry"]
    response = client.post(reverse("reports:compile_job_retry", args=[job.pk]))
    assert response.status_code == 302
    celery_worker_process()  # a new worker takes the retried job
    wait_for(lambda: job_status(job.pk) == "done", message="the retried job to finish")

    job.refresh_from_db()
    assert job.attempts == 2
    assert one_report_per_scope(PERIOD)
    new = dict(ProgressReport.objects.filter(period=PERIOD).values_list("pk", "revision"))
    assert new.keys() == old.keys()
    # The reports the new activity changed were rewritten, once, by the retry; the others kept their revision.
    rewritten = {pk for pk in new if new[pk] != old[pk]}
    expected = ProgressReport.objects.filter(period=PERIOD).filter(
        Q(scope="library", code=str(library.pk))
        | Q(scope="regency", code=library.regency_id)
        | Q(scope="province", code="19")
    )
    assert rewritten == set(expected.values_list("pk", flat=True))
    assert len({new[pk] for pk in rewritten}) == 1
    province = ProgressReport.objects.get(period=PERIOD, scope="province", code="19")
    assert province.figures["activities_by_strategy"]["advocacy"] >= 1
    assert (
        province.figures["activities"]
        == Activity.objects.filter(library__province_id="19", date__year=2021, date__month=9).count()
    )


def _user(username):
    from accounts.models import User

    return User.objects.get(username=username)
