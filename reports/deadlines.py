"""When a monthly report is due, and whether it came in on time: one rule for forms, API and compilation."""

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from foundation.months import next_month, previous_month
from reports.choices import Timeliness


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
