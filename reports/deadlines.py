"""When a monthly report is due, and whether it came in on time: one rule for forms, API and compilation."""

import datetime as dt

from django.conf import settings
from django.utils import timezone


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def next_month(period: dt.date) -> dt.date:
    return (period.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def previous_month(period: dt.date) -> dt.date:
    return (period.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


def parse_period(value: str) -> dt.date:
    """``"2021-09"`` → 1 September 2021; raises ValueError for anything else."""
    return dt.datetime.strptime(value, "%Y-%m").date()


def deadline_for(period: dt.date) -> dt.datetime:
    """The end of the deadline day (``TPBIS_REPORT_DEADLINE_DAY`` of the next month), in the portal's time zone."""
    day = next_month(period).replace(day=settings.TPBIS_REPORT_DEADLINE_DAY)
    end = dt.datetime.combine(day, dt.time.max)
    return timezone.make_aware(end, timezone.get_default_timezone())


def is_on_time(period: dt.date, submitted_at: dt.datetime | None) -> bool | None:
    """True/False once submitted; None while not submitted."""
    if submitted_at is None:
        return None
    return submitted_at <= deadline_for(period)
