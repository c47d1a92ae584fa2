"""Background jobs of the reports app: thin wrappers around plain functions that tests call directly."""

from celery import shared_task

from foundation.months import parse_period


@shared_task(name="reports.tasks.send_report_reminders")
def send_report_reminders(period: str | None = None) -> dict:
    """After the deadline, remind librarians of missing or returned reports and regency staff of their list; and
    every day, librarians of the records their verifiers returned since they were last told.

    ``period`` is ``"YYYY-MM"``; by default the last month whose deadline has passed. Safe to run
    daily: each library is reminded once per month and reason (of returned records, once per return);
    every message is recorded.
    """
    from .record_reminders import remind_returned_records
    from .reminders import send_reminders

    result = send_reminders(parse_period(period) if period else None)
    return {**result, **remind_returned_records()}
