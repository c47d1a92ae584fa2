"""A work plan's actuals, month by month, from the records: one statement whatever the number of libraries.

A library's plan counts the library's records; a regency's plan those of every active library of the regency/city
(its service months are then library-months) and the villages of the regency's replication programmes of the
year. Records are read as everything entered (every record as entered, monthly reports once submitted), as the
KPI's default reading.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection

from activities.choices import AdvocacyResult, Strategy
from activities.models import Activity, Replication, ServiceSnapshot
from libraries.models import Library
from reports.choices import ReportStatus
from reports.models import MonthlyReport
from reports.models.plans import TARGETS, WorkPlan

MONTHS = 12


@dataclass
class Line:
    """One indicator of a plan: its target, what was recorded each month, and how far along it is."""

    name: str
    label: str
    counts: str
    target: int | None
    monthly: list[int]
    #: Whether the indicator is counted per month (False: replication villages, a year's programmes).
    by_month: bool = True

    @property
    def total(self) -> int:
        return sum(self.monthly)

    @property
    def cumulative(self) -> list[int]:
        running, result = 0, []
        for value in self.monthly:
            running += value
            result.append(running)
        return result

    @property
    def share(self) -> Decimal | None:
        """The share of the target reached (0 to 1 and beyond), None without a target."""
        if not self.target:
            return None
        return Decimal(self.total) / Decimal(self.target)

    @property
    def percent(self) -> int | None:
        share = self.share
        return None if share is None else int(share * 100)


def _year_bounds(year: int) -> tuple:
    return tuple(connection.ops.adapt_datefield_value(dt.date(y, 1, 1)) for y in (year, year + 1))


def actuals(plan: WorkPlan) -> list[Line]:
    """The plan's lines, each with its 12 months of actuals (one statement, plus one for replication)."""
    start, stop = _year_bounds(plan.year)
    where, owner = ("l.id = %s", plan.library_id) if plan.library_id else ("l.regency_id = %s", plan.regency_id)
    eng, adv, pub = Strategy.COMMUNITY_ENGAGEMENT.value, Strategy.ADVOCACY.value, Strategy.MEDIA_PUBLICATION.value
    results = ", ".join(f"'{value}'" for value in AdvocacyResult.values)
    sql = f"""WITH lib AS (
  SELECT l.id FROM {Library._meta.db_table} l WHERE l.is_active AND {where}
),
act AS (
  SELECT EXTRACT(MONTH FROM a.date)::int AS m,
    SUM(CASE WHEN a.strategy = '{eng}' THEN 1 ELSE 0 END) AS engagement_events,
    SUM(CASE WHEN a.strategy = '{eng}' THEN a.participants ELSE 0 END) AS engagement_participants,
    SUM(CASE WHEN a.strategy = '{adv}' AND a.result IN ({results}) THEN 1 ELSE 0 END) AS advocacy_results,
    SUM(CASE WHEN a.strategy = '{pub}' THEN 1 ELSE 0 END) AS publications
  FROM {Activity._meta.db_table} a JOIN lib ON lib.id = a.library_id
  WHERE a.date >= %s AND a.date < %s GROUP BY 1
),
rep AS (
  SELECT EXTRACT(MONTH FROM r.period)::int AS m, SUM(r.visitors) AS visitors
  FROM {MonthlyReport._meta.db_table} r JOIN lib ON lib.id = r.library_id
  WHERE r.period >= %s AND r.period < %s AND r.status = ANY(%s) GROUP BY 1
),
snap AS (
  SELECT EXTRACT(MONTH FROM s.period)::int AS m, COUNT(DISTINCT s.library_id) AS service_months
  FROM {ServiceSnapshot._meta.db_table} s JOIN lib ON lib.id = s.library_id
  WHERE s.period >= %s AND s.period < %s GROUP BY 1
)
SELECT m.m, act.engagement_events, act.engagement_participants, act.advocacy_results, act.publications,
  rep.visitors, snap.service_months
FROM generate_series(1, {MONTHS}) AS m(m)
LEFT JOIN act ON act.m = m.m LEFT JOIN rep ON rep.m = m.m LEFT JOIN snap ON snap.m = m.m
ORDER BY m.m"""
    statuses = [str(ReportStatus.SUBMITTED), str(ReportStatus.VERIFIED)]
    with connection.cursor() as cursor:
        cursor.execute(sql, [owner, start, stop, start, stop, statuses, start, stop])
        rows = cursor.fetchall()
    names = [
        "engagement_events",
        "engagement_participants",
        "advocacy_results",
        "publications",
        "visitors",
        "service_months",
    ]
    monthly = {name: [int(row[1 + i] or 0) for row in rows] for i, name in enumerate(names)}
    lines = [_line(plan, name, monthly[name]) for name in names]
    if plan.is_regency_plan:
        villages = (
            Replication.objects.filter(regency_id=plan.regency_id, year=plan.year)
            .values_list("villages", flat=True)
            .order_by()
        )
        lines.append(_line(plan, "replication_villages", [sum(villages), *[0] * (MONTHS - 1)], by_month=False))
    return lines


def _line(plan: WorkPlan, name: str, monthly: list[int], by_month: bool = True) -> Line:
    label, counts = TARGETS[name]
    return Line(name, str(label), str(counts), getattr(plan, name), monthly, by_month)


def expected_share(year: int, today: dt.date) -> Decimal:
    """How much of a year's targets should be reached by ``today`` at an even pace (0 to 1)."""
    if today.year < year:
        return Decimal(0)
    if today.year > year:
        return Decimal(1)
    return Decimal(today.timetuple().tm_yday) / Decimal(366 if calendar.isleap(year) else 365)


def library_plan(library, year: int) -> tuple[WorkPlan | None, list[Line]]:
    """A library's plan of ``year`` and its lines that have a target (two statements; none without a plan)."""
    plan = WorkPlan.objects.filter(library=library, year=year).first()
    if plan is None:
        return None, []
    return plan, [line for line in actuals(plan) if line.target is not None and line.name in plan.target_fields()]
