"""The work plans of an area against their actuals, added up in SQL by province and kind of plan.

One statement whatever the number of plans: the plans of a year matching a place (or a list of provinces), each
indicator's targets added up and the actuals of the plans that set that target, from January to a month, and how
many plans are agreed; by province, so that the nation's figures are the sum of its provinces' (the dashboards keep
each province's apart, ``reports.dashboards.plans``), and by kind: a library's plan counts its library's records,
a regency's/city's own plan those of the regency's active libraries (service months as library-months) and the
villages of its replication programmes of the year, as the plan's own page does (``reports.plans.actuals``).
Records are read as everything entered (monthly reports once submitted), as the KPI's default reading.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import connection

from activities.choices import AdvocacyResult, Strategy
from activities.models import Activity, Replication, ServiceSnapshot
from foundation.months import next_month
from foundation.scope import Place, PlaceKind
from libraries.models import Library
from reports.choices import ReportStatus
from reports.models import MonthlyReport, PlanStatus, WorkPlan
from reports.models.plans import TARGETS

#: The kinds of plan, in the order they are shown.
LIBRARY, REGENCY = "library", "regency"
KINDS = (LIBRARY, REGENCY)
#: Every indicator a plan may set, in order (a library's plan never sets replication villages).
NAMES = list(TARGETS)


@dataclass
class PlanTotals:
    """Plans of one kind added up: how many, how many agreed, and per indicator set by any of them the targets and
    the actuals of the plans that set it."""

    plans: int = 0
    agreed: int = 0
    targets: dict[str, int] = field(default_factory=dict)
    actuals: dict[str, int] = field(default_factory=dict)

    def __add__(self, other: PlanTotals) -> PlanTotals:
        def added(a: dict, b: dict) -> dict:
            return {name: a.get(name, 0) + b.get(name, 0) for name in NAMES if name in a or name in b}

        return PlanTotals(
            self.plans + other.plans,
            self.agreed + other.agreed,
            added(self.targets, other.targets),
            added(self.actuals, other.actuals),
        )

    def lines(self) -> list[dict]:
        """Each indicator some plan set: its label, the targets, the actuals, the share reached (None: no target)."""
        lines = []
        for name in NAMES:
            if name not in self.targets:
                continue
            target, actual = self.targets[name], self.actuals.get(name, 0)
            lines.append(
                {
                    "name": name,
                    "label": TARGETS[name][0],
                    "target": target,
                    "actual": actual,
                    "percent": int(100 * actual / target) if target else None,
                }
            )
        return lines


@dataclass
class AreaPlans:
    """An area's plans of a year against their actuals up to a month, by kind of plan."""

    year: int
    month: dt.date
    library: PlanTotals = field(default_factory=PlanTotals)
    regency: PlanTotals = field(default_factory=PlanTotals)

    @property
    def plans(self) -> int:
        return self.library.plans + self.regency.plans

    def by_kind(self) -> list[tuple[str, PlanTotals]]:
        return [(kind, getattr(self, kind)) for kind in KINDS]


def place_where(place: Place) -> tuple[str, list]:
    """The plans lying in ``place`` (over the plans' alias ``p``)."""
    if place.scope == PlaceKind.PROVINCE:
        return "p.province_id = %s", [place.code]
    if place.scope == PlaceKind.REGENCY:
        return "p.regency_id = %s", [place.code]
    if place.scope == PlaceKind.LIBRARY:
        return "p.library_id = %s", [place.library_id]
    return "1 = 1", []


def provinces_where(provinces: list[str] | None) -> tuple[str, list]:
    """The plans of ``provinces`` (None: every province)."""
    if provinces is None:
        return "1 = 1", []
    return f"p.province_id IN ({', '.join(['%s'] * len(provinces))})", list(provinces)


def area_totals(place: Place, month: dt.date) -> AreaPlans:
    """The plans of ``month``'s year lying in ``place`` against their actuals from January to ``month``."""
    where, params = place_where(place)
    return added_up(month, count(month, where, params).values())


def added_up(month: dt.date, parts) -> AreaPlans:
    """An area's plans from parts (each ``{kind: PlanTotals}``, as ``count`` gives them by province)."""
    found = AreaPlans(month.year, month)
    for part in parts:
        for kind, totals in part.items():
            setattr(found, kind, getattr(found, kind) + totals)
    return found


def count(month: dt.date, where: str, params: list) -> dict[str, dict[str, PlanTotals]]:
    """``{province: {kind: PlanTotals}}`` of the plans of ``month``'s year matching ``where``, in one statement."""
    start = connection.ops.adapt_datefield_value(month.replace(month=1, day=1))
    stop = connection.ops.adapt_datefield_value(next_month(month))
    sql = _statement(where)
    with connection.cursor() as cursor:
        cursor.execute(sql, [month.year, *params, start, stop, start, stop, start, stop, month.year])
        rows = cursor.fetchall()
    found: dict[str, dict[str, PlanTotals]] = {}
    for province, kind, plans, agreed, *sums in rows:
        totals = PlanTotals(int(plans), int(agreed or 0))
        for i, name in enumerate(NAMES):
            target, actual = sums[2 * i], sums[2 * i + 1]
            if target is not None:
                totals.targets[name] = int(target)
                totals.actuals[name] = int(actual or 0)
        found.setdefault(province, {})[kind] = totals
    return found


def _statement(where: str) -> str:
    eng, adv, pub = Strategy.COMMUNITY_ENGAGEMENT.value, Strategy.ADVOCACY.value, Strategy.MEDIA_PUBLICATION.value
    results = ", ".join(f"'{value}'" for value in AdvocacyResult.values)
    statuses = f"'{ReportStatus.SUBMITTED.value}', '{ReportStatus.VERIFIED.value}'"
    counted = [name for name in NAMES if name != "replication_villages"]
    sums = ",\n  ".join(
        f"SUM(p.{name}), SUM(CASE WHEN p.{name} IS NOT NULL THEN COALESCE({source}.{name}, 0) END)"
        for name, source in [*((name, "x") for name in counted), ("replication_villages", "repl")]
    )
    kind = f"CASE WHEN p.library_id IS NULL THEN '{REGENCY}' ELSE '{LIBRARY}' END"
    return f"""WITH p AS (
  SELECT p.* FROM {WorkPlan._meta.db_table} p WHERE p.year = %s AND {where}
),
pl AS (
  SELECT p.id AS plan_id, p.library_id FROM p WHERE p.library_id IS NOT NULL
  UNION ALL
  SELECT p.id, l.id FROM p JOIN {Library._meta.db_table} l ON l.regency_id = p.regency_id AND l.is_active
  WHERE p.library_id IS NULL
),
lib AS (SELECT DISTINCT library_id FROM pl),
act AS (
  SELECT a.library_id,
    SUM(CASE WHEN a.strategy = '{eng}' THEN 1 ELSE 0 END) AS engagement_events,
    SUM(CASE WHEN a.strategy = '{eng}' THEN a.participants ELSE 0 END) AS engagement_participants,
    SUM(CASE WHEN a.strategy = '{adv}' AND a.result IN ({results}) THEN 1 ELSE 0 END) AS advocacy_results,
    SUM(CASE WHEN a.strategy = '{pub}' THEN 1 ELSE 0 END) AS publications
  FROM {Activity._meta.db_table} a JOIN lib ON lib.library_id = a.library_id
  WHERE a.date >= %s AND a.date < %s GROUP BY a.library_id
),
rep AS (
  SELECT r.library_id, SUM(r.visitors) AS visitors FROM {MonthlyReport._meta.db_table} r
  JOIN lib ON lib.library_id = r.library_id
  WHERE r.period >= %s AND r.period < %s AND r.status IN ({statuses}) GROUP BY r.library_id
),
snap AS (
  SELECT s.library_id, COUNT(DISTINCT s.period) AS service_months FROM {ServiceSnapshot._meta.db_table} s
  JOIN lib ON lib.library_id = s.library_id WHERE s.period >= %s AND s.period < %s GROUP BY s.library_id
),
x AS (
  SELECT pl.plan_id, {", ".join(f"SUM({name}) AS {name}" for name in counted)}
  FROM pl LEFT JOIN act ON act.library_id = pl.library_id LEFT JOIN rep ON rep.library_id = pl.library_id
  LEFT JOIN snap ON snap.library_id = pl.library_id
  GROUP BY pl.plan_id
),
repl AS (
  SELECT r.regency_id, SUM(r.villages) AS replication_villages FROM {Replication._meta.db_table} r
  WHERE r.year = %s AND r.regency_id IN (SELECT p.regency_id FROM p WHERE p.library_id IS NULL)
  GROUP BY r.regency_id
)
SELECT p.province_id, {kind}, COUNT(*), SUM(CASE WHEN p.status = '{PlanStatus.AGREED.value}' THEN 1 ELSE 0 END),
  {sums}
FROM p LEFT JOIN x ON x.plan_id = p.id
LEFT JOIN repl ON p.library_id IS NULL AND repl.regency_id = p.regency_id
GROUP BY p.province_id, {kind}
ORDER BY p.province_id"""
