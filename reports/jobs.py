"""Running a compile job: claim it, compile, render its exports, record the outcome.

The Celery task (``reports.compile_tasks``), ``manage.py compile_reports`` and tests
all call ``run_job``. It is safe to run twice: a job that is done, or that another
worker is running, is left alone; the compilation itself replaces snapshots in one
transaction, so whatever is retried or duplicated leaves exactly one report per scope.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from .compile import CompileError, compile_reports, resolve_target
from .models import CompileJob, ProgressReport
from .models.progress import JobStatus, JobStep, ReportScope

logger = logging.getLogger(__name__)


def new_job(period: dt.date, scope: str, code: str | None, user=None) -> CompileJob:
    """A queued job for ``scope``/``code`` (validated: raises CompileError) and the month of ``period``."""
    from libraries.models import Library

    target, _name = resolve_target(scope, code)
    job = CompileJob(period=period.replace(day=1), scope=target.scope, code=target.code, created_by=user)
    if target.scope == ReportScope.PROVINCE:
        job.province_id = target.code
    elif target.scope == ReportScope.REGENCY:
        job.regency_id = target.code
        job.province_id = target.code.split(".")[0]
    elif target.scope == ReportScope.LIBRARY:
        library = Library.objects.only("province_id", "regency_id").get(pk=int(target.code))
        job.library_id, job.province_id, job.regency_id = library.pk, library.province_id, library.regency_id
    job.save()
    return job


def enqueue(job: CompileJob) -> None:
    """Send the job to a worker once the job row is committed (run at once when there is no broker)."""
    from .compile_tasks import compile_reports_task

    transaction.on_commit(lambda: compile_reports_task.delay(job.pk))


def start(period: dt.date, target, user) -> CompileJob:
    """A compilation a user asked for (the compile form and the API): a new job, sent to a worker on commit."""
    job = new_job(period, target.scope, target.code, user=user)
    enqueue(job)
    return job


def _update(job_id: int, **fields) -> None:
    fields.setdefault("heartbeat_at", timezone.now())
    CompileJob.objects.filter(pk=job_id).update(**fields)


def claim(job_id: int) -> bool:
    """Mark the job running, unless it is done or another worker is (visibly) running it."""
    now = timezone.now()
    stalled = now - dt.timedelta(seconds=settings.TPBIS_COMPILE_STALL_SECONDS)
    claimable = Q(status=JobStatus.QUEUED) | Q(status=JobStatus.RUNNING, heartbeat_at__lt=stalled)
    return bool(
        CompileJob.objects.filter(claimable, pk=job_id).update(
            status=JobStatus.RUNNING,
            progress=5,
            step=JobStep.STARTING,
            error="",
            attempts=F("attempts") + 1,
            started_at=now,
            finished_at=None,
            heartbeat_at=now,
        )
    )


def run_job(job_id: int, *, exports: bool = True) -> CompileJob:
    """Compile the job's scope; returns the job as it ended. A failure is recorded on the job, not raised."""
    if not claim(job_id):
        logger.info("Compile job %s is done, failed or running elsewhere; nothing to do.", job_id)
        return CompileJob.objects.get(pk=job_id)
    job = CompileJob.objects.get(pk=job_id)

    def progress(percent: int, step: str) -> None:
        _update(job_id, progress=percent, step=step)

    try:
        result = compile_reports(job.period, job.scope, job.code, job_id=job.pk, progress=progress)
        _update(job_id, progress=70, step=JobStep.WRITTEN, reports_written=result.written)
        if exports:
            from .exports import render_exports

            report = ProgressReport.objects.get(period=job.period, scope=job.scope, code=job.code)
            render_exports(report, progress=progress)
    except CompileError as error:
        _fail(job_id, str(error))
    except Exception as error:  # the job row must say why, whatever went wrong
        logger.exception("Compile job %s failed", job_id)
        _fail(job_id, f"{type(error).__name__}: {error}")
    else:
        _update(job_id, status=JobStatus.DONE, progress=100, step=JobStep.DONE, finished_at=timezone.now())
    return CompileJob.objects.get(pk=job_id)


def _fail(job_id: int, message: str) -> None:
    _update(job_id, status=JobStatus.FAILED, step=JobStep.FAILED, error=message[:2000], finished_at=timezone.now())


def retry(job: CompileJob) -> bool:
    """Queue a failed or stalled job again; False when it is neither."""
    job.refresh_from_db()
    if not job.can_retry:
        return False
    CompileJob.objects.filter(pk=job.pk).update(
        status=JobStatus.QUEUED, progress=0, step=JobStep.QUEUED, error="", heartbeat_at=timezone.now()
    )
    enqueue(job)
    return True
