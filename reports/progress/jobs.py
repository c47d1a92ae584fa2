"""Running a compile job: claim it, compile, render its exports, record the outcome.

The Celery task (``compile_reports_task``, below), ``manage.py compile_reports`` and tests
all call ``run_job``. It is safe to run twice: a job that is done, or that another
worker is running, is left alone; the compilation itself replaces snapshots in one
transaction, so whatever is retried or duplicated leaves exactly one report per scope.

Sending a job to the workers never loses it: the job row is committed first, the message
is published after the commit with short broker timeouts, and when the broker (Redis)
cannot be reached the job stays queued, marked "broker unavailable", until
``redispatch_pending`` (a beat job every minute) or the user's "try again" sends it.
"""

from __future__ import annotations

import datetime as dt
import logging

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from reports.models import CompileJob, ProgressReport
from reports.models.progress import JobStatus, JobStep, ReportScope

from .compile import CompileError, compile_reports, resolve_target

logger = logging.getLogger(__name__)


def new_job(period: dt.date, scope: str, code: str | None, user=None, task_key: str = "") -> CompileJob:
    """A queued job for ``scope``/``code`` (validated: raises CompileError) and the month of ``period``."""
    from libraries.models import Library

    target, _name = resolve_target(scope, code)
    job = CompileJob(
        period=period.replace(day=1), scope=target.scope, code=target.code, created_by=user, task_key=task_key
    )
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
    transaction.on_commit(lambda: dispatch(job.pk))


def dispatch(job_id: int) -> bool:
    """Publish the job's message; False, with the job marked undispatched, when the broker is unreachable.

    A message that was in fact delivered although the publish reported an error is harmless:
    ``claim`` lets only one delivery run the job.
    """
    try:
        compile_reports_task.delay(job_id)
    except (BrokerError, OSError) as error:
        logger.warning("Compile job %s stays queued: the broker is unavailable (%s).", job_id, error)
        CompileJob.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(step=JobStep.UNDISPATCHED)
        return False
    return True


def _pending() -> Q:
    """Queued jobs whose message never left (broker down) or was lost (no worker took it for a while)."""
    stalled = timezone.now() - dt.timedelta(seconds=settings.TPBIS_COMPILE_STALL_SECONDS)
    silent = Q(heartbeat_at__lt=stalled) | Q(heartbeat_at__isnull=True, created_at__lt=stalled)
    return Q(status=JobStatus.QUEUED) & (Q(step=JobStep.UNDISPATCHED) | silent)


def redispatch_pending(limit: int = 100) -> int:
    """Send the pending jobs again (oldest first); returns how many were sent. Stops at the first broker error."""
    sent = 0
    pending = list(CompileJob.objects.filter(_pending()).order_by("created_at").values_list("pk", flat=True)[:limit])
    for job_id in pending:
        # Take the job for this re-send, so that a concurrent run of this function does not send it too.
        taken = CompileJob.objects.filter(_pending(), pk=job_id).update(
            step=JobStep.QUEUED, heartbeat_at=timezone.now()
        )
        if not taken:
            continue
        if not dispatch(job_id):
            break
        sent += 1
    return sent


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
    current = {"step": JobStep.STARTING}

    def progress(percent: int, step: str) -> None:
        current["step"] = step
        _update(job_id, progress=percent, step=step)

    try:
        result = compile_reports(job.period, job.scope, job.code, job_id=job.pk, progress=progress)
        current["step"] = JobStep.WRITTEN
        _update(job_id, progress=70, step=JobStep.WRITTEN, reports_written=result.written)
        if exports:
            from .exports import render_exports

            report = ProgressReport.objects.get(period=job.period, scope=job.scope, code=job.code)
            render_exports(report, progress=progress)
    except CompileError as error:
        _fail(job_id, str(error), current["step"])
    except Exception as error:  # the job row must say why, whatever went wrong (a failed render, a full disk…)
        logger.exception("Compile job %s failed", job_id)
        _fail(job_id, f"{type(error).__name__}: {error}", current["step"])
    else:
        _update(job_id, status=JobStatus.DONE, progress=100, step=JobStep.DONE, finished_at=timezone.now())
    return CompileJob.objects.get(pk=job_id)


@shared_task(name="reports.compile_tasks.compile_reports_task")
def compile_reports_task(job_id: int) -> str:
    """The worker's side of ``dispatch``: run the job (a redelivered message finds it done or claimable)."""
    return run_job(job_id).status


def _fail(job_id: int, message: str, step: str) -> None:
    """Record the failure; the step stays where it failed (e.g. "Rendering the PDF"), so the page can say so."""
    _update(job_id, status=JobStatus.FAILED, step=step, error=message[:2000], finished_at=timezone.now())


def retry(job: CompileJob) -> bool:
    """Queue a failed, stalled or undispatched job again; False when it is none of these."""
    job.refresh_from_db()
    if not job.can_retry:
        return False
    CompileJob.objects.filter(pk=job.pk).update(
        status=JobStatus.QUEUED, progress=0, step=JobStep.QUEUED, error="", heartbeat_at=timezone.now()
    )
    enqueue(job)
    return True
