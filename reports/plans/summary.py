"""The work plans of an area against their actuals up to a month: what progress reports and PLM briefings show.

One statement whatever the number of plans: the library plans of the area's libraries for the month's year, each
indicator's targets added up and the actuals of the libraries that set that target, from January to the month
(everything entered, as the plan page counts), and how many plans are agreed.
"""

from __future__ import annotations

import datetime as dt

from django.db import connection

from activities.choices import AdvocacyResult, Strategy
from activities.models import Activity, ServiceSnapshot
from foundation.months import next_month
from foundation.scope import Place, PlaceKind
from reports.choices import ReportStatus
from reports.models import MonthlyReport, PlanStatus, WorkPlan
from reports.models.plans import REGENCY_ONLY, TARGETS

#: The indicators of a library's plan, in order.
LIBRARY_TARGETS = [name for name in TARGETS if name not in REGENCY_ONLY]


def _where(place: Place) -> tuple[str, list]:
    if place.scope == PlaceKind.PROVINCE:
        return "p.province_id = %s", [place.code]
    if place.scope == PlaceKind.REGENCY:
        return "p.regency_id = %s", [place.code]
    if place.scope == PlaceKind.LIBRARY:
        return "p.library_id = %s", [place.library_id]
    return "1 = 1", []


def area_plans(place: Place, month: dt.date) -> dict | None:
    """The area's library plans of ``month``'s year against their actuals from January to ``month``; None
    without any plan."""
    start = connection.ops.adapt_datefield_value(month.replace(month=1, day=1))
    stop = connection.ops.adapt_datefield_value(next_month(month))
    where, params = _where(place)
    eng, adv, pub = Strategy.COMMUNITY_ENGAGEMENT.value, Strategy.ADVOCACY.value, Strategy.MEDIA_PUBLICATION.value
    results = ", ".join(f"'{value}'" for value in AdvocacyResult.values)
    statuses = f"'{ReportStatus.SUBMITTED.value}', '{ReportStatus.VERIFIED.value}'"
    sums = ",\n  ".join(
        f"SUM(p.{name}), SUM(CASE WHEN p.{name} IS NOT NULL THEN COALESCE(x.{name}, 0) END)" for name in LIBRARY_TARGETS
    )
    sql = f"""WITH p AS (
  SELECT * FROM {WorkPlan._meta.db_table} p WHERE p.year = %s AND p.library_id IS NOT NULL AND {where}
),
act AS (
  SELECT a.library_id,
    SUM(CASE WHEN a.strategy = '{eng}' THEN 1 ELSE 0 END) AS engagement_events,
    SUM(CASE WHEN a.strategy = '{eng}' THEN a.participants ELSE 0 END) AS engagement_participants,
    SUM(CASE WHEN a.strategy = '{adv}' AND a.result IN ({results}) THEN 1 ELSE 0 END) AS advocacy_results,
    SUM(CASE WHEN a.strategy = '{pub}' THEN 1 ELSE 0 END) AS publications
  FROM {Activity._meta.db_table} a JOIN p ON p.library_id = a.library_id
  WHERE a.date >= %s AND a.date < %s GROUP BY a.library_id
),
rep AS (
  SELECT r.library_id, SUM(r.visitors) AS visitors FROM {MonthlyReport._meta.db_table} r
  JOIN p ON p.library_id = r.library_id
  WHERE r.period >= %s AND r.period < %s AND r.status IN ({statuses}) GROUP BY r.library_id
),
snap AS (
  SELECT s.library_id, COUNT(DISTINCT s.period) AS service_months FROM {ServiceSnapshot._meta.db_table} s
  JOIN p ON p.library_id = s.library_id WHERE s.period >= %s AND s.period < %s GROUP BY s.library_id
),
x AS (
  SELECT p.library_id, act.engagement_events, act.engagement_participants, act.advocacy_results, act.publications,
    rep.visitors, snap.service_months
  FROM p LEFT JOIN act ON act.library_id = p.library_id LEFT JOIN rep ON rep.library_id = p.library_id
  LEFT JOIN snap ON snap.library_id = p.library_id
)
SELECT COUNT(*), SUM(CASE WHEN p.status = '{PlanStatus.AGREED.value}' THEN 1 ELSE 0 END),
  {sums}
FROM p LEFT JOIN x ON x.library_id = p.library_id"""
    with connection.cursor() as cursor:
        cursor.execute(sql, [month.year, *params, start, stop, start, stop, start, stop])
        row = cursor.fetchone()
    plans, agreed = row[0], row[1] or 0
    if not plans:
        return None
    lines = []
    for i, name in enumerate(LIBRARY_TARGETS):
        target, actual = row[2 + 2 * i], row[3 + 2 * i]
        if target is None:
            continue
        label = TARGETS[name][0]
        lines.append(
            {
                "name": name,
                "label": label,
                "target": int(target),
                "actual": int(actual or 0),
                "percent": int(100 * int(actual or 0) / int(target)) if target else None,
            }
        )
    return {"plans": plans, "agreed": int(agreed), "year": month.year, "month": month, "lines": lines}


def report_place(report) -> Place:
    """The place a progress report covers, without a query."""
    if report.scope == PlaceKind.LIBRARY:
        return Place.of_library(report.library)
    if report.scope == PlaceKind.REGENCY:
        return Place.of_region(regency=report.code)
    if report.scope == PlaceKind.PROVINCE:
        return Place.of_region(province=report.code)
    return Place(PlaceKind.NATIONAL, report.code)
