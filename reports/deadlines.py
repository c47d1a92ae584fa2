"""When a monthly report is due, and whether it came in on time: one rule for forms, API and compilation."""

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from .choices import Timeliness

#: The years the portal takes a month or a date in, wherever one comes in (filters, addresses, forms, the API,
#: imports): the program's records start later and end earlier, and the month arithmetic below then never meets
#: the ends of the calendar. Records themselves are held to narrower bounds (nothing dated in the future).
FIRST_YEAR = 2000
LAST_YEAR = 2100


class PeriodOutOfRange(ValueError):
    """A well-formed month outside the years the portal takes."""


def period_bounds() -> tuple[dt.date, dt.date]:
    """The first and the last month the portal takes."""
    return dt.date(FIRST_YEAR, 1, 1), dt.date(LAST_YEAR, 12, 1)


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def next_month(period: dt.date) -> dt.date:
    return (period.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def previous_month(period: dt.date) -> dt.date:
    return (period.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


def parse_period(value: str) -> dt.date:
    """``"2021-09"`` → 1 September 2021; raises ValueError for anything else (``PeriodOutOfRange`` for a month
    outside ``period_bounds()``)."""
    if not isinstance(value, str) or not value.isascii():
        raise ValueError(value)
    period = dt.datetime.strptime(value, "%Y-%m").date()
    first, last = period_bounds()
    if not first <= period <= last:
        raise PeriodOutOfRange(value)
    return period


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


def timeliness(period: dt.date, submitted_at: dt.datetime | None, now: dt.datetime | None = None) -> str:
    """On time or late once submitted; before that missing once the deadline has passed, else not yet due."""
    if submitted_at is not None:
        return Timeliness.ON_TIME if submitted_at <= deadline_for(period) else Timeliness.LATE
    now = now or timezone.now()
    return Timeliness.MISSING if now > deadline_for(period) else Timeliness.NOT_DUE


def last_overdue_period(now: dt.datetime | None = None) -> dt.date:
    """The most recent month whose deadline has passed at ``now``."""
    now = timezone.localtime(now or timezone.now())
    period = previous_month(now.date())
    while deadline_for(period) >= now:
        period = previous_month(period)
    return period


def timeliness_q(periods: Iterable[dt.date], value: str, prefix: str = "") -> Q:
    """A filter for reports of ``periods`` that came in on time (or late), portable to every database.

    Each month has its own deadline, so the filter is one ``period = P AND submitted_at <= deadline(P)``
    term per month; callers pass the months actually present (usually one).
    """
    q = Q(pk__in=[])
    for period in periods:
        deadline = deadline_for(period)
        if value == Timeliness.ON_TIME:
            term = Q(**{f"{prefix}submitted_at__lte": deadline})
        else:
            term = Q(**{f"{prefix}submitted_at__gt": deadline})
        q |= Q(**{f"{prefix}period": period}) & term
    return q
