"""The reports app's Celery tasks, gathered for the worker's autodiscovery; each part keeps its own."""

from .monthly.tasks import send_report_reminders
from .progress.jobs import compile_reports_task
from .progress.tasks import compile_last_month, redispatch_compile_jobs
from .province_months import fold_province_months

__all__ = [
    "compile_last_month",
    "compile_reports_task",
    "fold_province_months",
    "redispatch_compile_jobs",
    "send_report_reminders",
]
