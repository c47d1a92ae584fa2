"""Celery tasks that compile progress reports; thin wrappers around ``reports.progress.jobs``.

Tasks take ids. With ``CELERY_TASK_ACKS_LATE`` and ``CELERY_TASK_REJECT_ON_WORKER_LOST``
a message whose worker dies is delivered again; ``run_job`` then finds the job
running-but-stalled (or queued again by a user's retry) and compiles it once more,
which replaces the snapshots instead of adding to them. A redelivered
``compile_last_month`` finds the job its first delivery created (by the message id)
instead of creating a second one.
"""

from celery import shared_task
from django.db import IntegrityError, transaction
from django.utils import timezone

from foundation.months import month_start, previous_month
from reports.models import CompileJob
from reports.models.progress import JobStatus, ReportScope

from .jobs import enqueue, new_job, redispatch_pending


@shared_task(name="reports.compile_tasks.compile_last_month", bind=True)
def compile_last_month(self) -> int:
    """Scheduled after the monthly deadline: last month's reports for every scope of the nation."""
    key = f"compile_last_month:{self.request.id}" if self.request.id else ""
    existing = CompileJob.objects.filter(task_key=key).first() if key else None
    if existing is not None:
        if existing.status == JobStatus.QUEUED:
            enqueue(existing)  # the first delivery may have died before sending it; claim() runs it once
        return existing.pk
    period = previous_month(month_start(timezone.localdate()))
    try:
        with transaction.atomic():
            job = new_job(period, ReportScope.NATIONAL, None, task_key=key)
    except IntegrityError:  # the same message delivered twice at once: the other delivery has the job
        return CompileJob.objects.get(task_key=key).pk
    enqueue(job)
    return job.pk


@shared_task(name="reports.compile_tasks.redispatch_compile_jobs")
def redispatch_compile_jobs() -> int:
    """Every minute: send again the jobs that could not reach the broker, or that no worker took."""
    return redispatch_pending()
