"""Celery tasks that compile progress reports; thin wrappers around ``reports.jobs``.

Tasks take ids. With ``CELERY_TASK_ACKS_LATE`` and ``CELERY_TASK_REJECT_ON_WORKER_LOST``
a message whose worker dies is delivered again; ``run_job`` then finds the job
running-but-stalled (or queued again by a user's retry) and compiles it once more,
which replaces the snapshots instead of adding to them.
"""

from celery import shared_task
from django.utils import timezone

from .deadlines import month_start, previous_month
from .jobs import enqueue, new_job, run_job
from .models.progress import ReportScope


@shared_task(name="reports.compile_tasks.compile_reports_task")
def compile_reports_task(job_id: int) -> str:
    return run_job(job_id).status


@shared_task(name="reports.compile_tasks.compile_last_month")
def compile_last_month() -> int:
    """Scheduled after the monthly deadline: last month's reports for every scope of the nation."""
    period = previous_month(month_start(timezone.localdate()))
    job = new_job(period, ReportScope.NATIONAL, None)
    enqueue(job)
    return job.pk
