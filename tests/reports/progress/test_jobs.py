"""Compile jobs: run, fail with a reason, retry, ignore duplicates; the command and the schedule run the same code."""

import datetime as dt

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import timezone

from libraries.models import Province
from reports.models import CompileJob, ProgressReport, ProgressReportExport
from reports.progress import jobs
from reports.progress.tasks import compile_last_month

from ..dataset import PERIOD

pytestmark = pytest.mark.django_db


def test_a_job_compiles_its_scope_and_renders_its_exports(user):
    job = jobs.new_job(PERIOD, "province", "19", user=user("dkpus.babel"))
    assert (job.status, job.province_id, job.regency_id) == ("queued", "19", None)
    job = jobs.run_job(job.pk)
    assert (job.status, job.progress, job.step, job.attempts) == ("done", 100, "done", 1)
    assert job.reports_written == ProgressReport.objects.filter(period=PERIOD, province_id="19").count()
    report = ProgressReport.objects.get(period=PERIOD, scope="province", code="19")
    assert report.job_id == job.pk
    formats = set(
        ProgressReportExport.objects.filter(report=report, revision=report.revision).values_list("format", flat=True)
    )
    assert formats == {"pdf", "xlsx"}
    assert not ProgressReport.objects.filter(period=PERIOD, scope="national").exists()


def test_a_duplicate_delivery_does_nothing(db):
    job = jobs.new_job(PERIOD, "regency", "19.01")
    jobs.run_job(job.pk, exports=False)
    revision = ProgressReport.objects.get(period=PERIOD, scope="regency", code="19.01").revision
    again = jobs.run_job(job.pk, exports=False)
    assert (again.status, again.attempts) == ("done", 1)
    assert ProgressReport.objects.get(period=PERIOD, scope="regency", code="19.01").revision == revision


def test_a_failed_job_says_why_and_can_be_retried(db, django_capture_on_commit_callbacks):
    job = CompileJob.objects.create(period=PERIOD, scope="province", code="98")  # no such province (yet)
    job = jobs.run_job(job.pk)
    assert job.status == "failed"
    assert "98" in job.error
    assert job.can_retry
    assert jobs.run_job(job.pk).attempts == 1  # a failed job is not picked up again by a stray delivery
    Province.objects.create(code="98", name="Provinsi Uji")
    with django_capture_on_commit_callbacks(execute=True):
        assert jobs.retry(job)
    job.refresh_from_db()
    assert (job.status, job.error, job.attempts) == ("done", "", 2)
    assert ProgressReport.objects.filter(period=PERIOD, scope="province", code="98").count() == 1


def test_a_running_job_is_retried_only_once_stalled(db, settings):
    job = jobs.new_job(PERIOD, "regency", "19.02")
    CompileJob.objects.filter(pk=job.pk).update(status="running", heartbeat_at=timezone.now())
    job.refresh_from_db()
    assert not job.can_retry
    assert not jobs.retry(job)
    assert jobs.run_job(job.pk).status == "running"  # another worker has it
    CompileJob.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - dt.timedelta(minutes=10))
    job.refresh_from_db()
    assert job.is_stalled and job.can_retry
    assert jobs.run_job(job.pk, exports=False).status == "done"  # a redelivered message takes it over


def test_compile_reports_command(db, capsys):
    call_command("compile_reports", "--period", "2031-01", "--scope", "regency", "--code", "19.03", "--no-exports")
    assert "19.03" in capsys.readouterr().out
    report = ProgressReport.objects.get(period=PERIOD, scope="regency", code="19.03")
    assert report.figures["libraries"] == 6  # 5 village libraries and the regency library of Bangka Barat
    job = CompileJob.objects.get(pk=report.job_id)
    assert (job.status, job.created_by) == ("done", None)


@pytest.mark.parametrize(
    "args",
    [
        ["--period", "2031-13"],
        ["--period", "januari"],
        ["--period", "2031-01", "--scope", "province", "--code", "99"],
        ["--period", "2031-01", "--scope", "regency"],
    ],
)
def test_compile_reports_command_refuses_bad_input(db, args):
    with pytest.raises(CommandError):
        call_command("compile_reports", *args)


def test_the_schedule_compiles_last_month_nationally(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job_id = compile_last_month()
    job = CompileJob.objects.get(pk=job_id)
    this_month = timezone.localdate().replace(day=1)
    assert job.period == (this_month - dt.timedelta(days=1)).replace(day=1)
    assert (job.scope, job.status) == ("national", "done")


def test_the_schedule_runs_after_the_deadline():
    entry = settings.CELERY_BEAT_SCHEDULE["compile-progress-reports"]
    assert entry["task"] == "reports.compile_tasks.compile_last_month"
    assert entry["schedule"].day_of_month == {settings.TPBIS_REPORT_DEADLINE_DAY + 1}
