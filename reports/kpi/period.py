"""The partners' KPI over a period: their counts of the period's records, scored by the one formula.

One statement per question (the distribution, a page of rows, every row for an export), whatever the number of
libraries: the partners of the place, each indicator's count of the period's records aggregated in SQL, then the
formula's CTEs (``reports.kpi.formula``). Read as "everything entered" (the default: every record as entered,
monthly reports once submitted) or "verified only" (records verified, monthly reports verified).

For a single month the scores are those the compilation writes into the month's progress reports: the same
partners, the same counts (``reports.progress.per_library`` counts them alongside the other figures).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import connection
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from activities.choices import Strategy, Verification
from activities.models import Activity, ServiceSnapshot
from foundation.months import add_months, month_start, months_between, next_month
from foundation.scope import Place, PlaceKind
from libraries.models import Library, Regency
from reports.choices import ReportStatus
from reports.models import KpiThreshold, MonthlyReport, SimScore

from . import formula

#: The longest period the page scores.
MAX_MONTHS = 36


class Reading:
    ENTERED = "entered"
    VERIFIED = "verified"
    CHOICES = [(ENTERED, _("Everything entered")), (VERIFIED, _("Verified only"))]


@dataclass(frozen=True)
class Period:
    """Whole months, from ``start`` to ``end`` (both the first day of their month)."""

    start: dt.date
    end: dt.date

    @property
    def months(self) -> int:
        return len(months_between(self.start, self.end))

    @property
    def stop(self) -> dt.date:
        return next_month(self.end)

    @property
    def query(self) -> dict:
        return {"from": f"{self.start:%Y-%m}", "to": f"{self.end:%Y-%m}"}

    @property
    def label(self) -> str:
        if self.start == self.end:
            return date_format(self.start, "F Y")
        if self.start.year == self.end.year:
            return f"{date_format(self.start, 'F')} \u2013 {date_format(self.end, 'F Y')}"
        return f"{date_format(self.start, 'F Y')} \u2013 {date_format(self.end, 'F Y')}"


def presets(today: dt.date) -> list[tuple[str, str, Period]]:
    """The periods the page offers in one click: (key, label, period); none reaches past this month."""
    month = month_start(today)
    quarter = month.replace(month=(month.month - 1) // 3 * 3 + 1)
    year = month.replace(month=1)
    last_year = year.replace(year=year.year - 1)
    return [
        ("month", _("This month"), Period(month, month)),
        ("last_month", _("Last month"), Period(add_months(month, -1), add_months(month, -1))),
        ("quarter", _("This quarter so far"), Period(quarter, month)),
        ("jan_sep", _("January to September"), Period(year, min(month, year.replace(month=9)))),
        ("year", _("This year so far"), Period(year, month)),
        ("last_year", _("Last year"), Period(last_year, last_year.replace(month=12))),
    ]


def place_filter(place: Place) -> tuple[str, list]:
    if place.scope == PlaceKind.PROVINCE:
        return "l.province_id = %s", [place.code]
    if place.scope == PlaceKind.REGENCY:
        return "l.regency_id = %s", [place.code]
    if place.scope == PlaceKind.LIBRARY:
        return "l.id = %s", [place.library_id]
    return "1 = 1", []


def _ctes(place: Place, period: Period, thresholds: KpiThreshold, verified_only: bool) -> tuple[str, list]:
    """``WITH`` the partners' inputs and the formula's CTEs, ending in ``kpi_lib`` (one row per partner)."""
    start, stop = (connection.ops.adapt_datefield_value(day) for day in (period.start, period.stop))
    where, where_params = place_filter(place)
    statuses = [ReportStatus.VERIFIED] if verified_only else [ReportStatus.SUBMITTED, ReportStatus.VERIFIED]
    status_list = ", ".join(f"'{status}'" for status in statuses)
    verified = f" AND {{alias}}.verification = '{Verification.VERIFIED.value}'" if verified_only else ""
    strategy = {
        "eng": Strategy.COMMUNITY_ENGAGEMENT.value,
        "adv": Strategy.ADVOCACY.value,
        "pub": Strategy.MEDIA_PUBLICATION.value,
    }
    sql = f"""WITH lib AS (
  SELECT l.id, l.name, l.level, l.province_id, l.regency_id, l.cohort_year, 1 AS partner
  FROM {Library._meta.db_table} l
  WHERE l.is_active AND l.cohort_year <= %s AND {where}
),
act AS (
  SELECT a.library_id, COUNT(*) AS n,
    SUM(CASE WHEN a.strategy = '{strategy["eng"]}' THEN 1 ELSE 0 END) AS eng,
    SUM(CASE WHEN a.strategy = '{strategy["eng"]}' THEN a.participants ELSE 0 END) AS part,
    SUM(CASE WHEN a.strategy = '{strategy["adv"]}' THEN 1 ELSE 0 END) AS adv,
    SUM(CASE WHEN a.strategy = '{strategy["pub"]}' THEN 1 ELSE 0 END) AS pub
  FROM {Activity._meta.db_table} a JOIN lib ON lib.id = a.library_id
  WHERE a.date >= %s AND a.date < %s{verified.format(alias="a")}
  GROUP BY a.library_id
),
snap AS (
  SELECT s.library_id, COUNT(*) AS n, COUNT(DISTINCT s.period) AS months
  FROM {ServiceSnapshot._meta.db_table} s JOIN lib ON lib.id = s.library_id
  WHERE s.period >= %s AND s.period < %s{verified.format(alias="s")}
  GROUP BY s.library_id
),
rep AS (
  SELECT r.library_id, COUNT(*) AS n, SUM(CASE WHEN r.visitors > 0 THEN 1 ELSE 0 END) AS months
  FROM {MonthlyReport._meta.db_table} r JOIN lib ON lib.id = r.library_id
  WHERE r.period >= %s AND r.period < %s AND r.status IN ({status_list})
  GROUP BY r.library_id
),
inputs AS (
  SELECT lib.*,
    COALESCE(act.eng, 0) AS k_engagement, COALESCE(act.part, 0) AS k_participants,
    COALESCE(act.adv, 0) AS k_advocacy, COALESCE(act.pub, 0) AS k_publication,
    COALESCE(snap.months, 0) AS k_services, COALESCE(rep.months, 0) AS k_visitors,
    COALESCE(act.n, 0) + COALESCE(snap.n, 0) + COALESCE(rep.n, 0) AS k_records
  FROM lib
  LEFT JOIN act ON act.library_id = lib.id
  LEFT JOIN snap ON snap.library_id = lib.id
  LEFT JOIN rep ON rep.library_id = lib.id
),
{formula.scored_ctes(thresholds, period.months, "inputs")}
"""
    params = [period.end.year, *where_params, start, stop, start, stop, start, stop]
    return sql, params


#: Sort keys of the rows: key -> SQL (the partners not yet scored last whatever the order).
SORTS = {
    "name": "k.name",
    "regency": "rg.name",
    "score": "k.kpi_score",
    "sim": "ss.score",
    **{name: f"k.k_{name}" for name in formula.INDICATORS},
}
DEFAULT_SORT = "-score"
STATES = ["green", "yellow", "red", "not_scored"]


def _order(sort: str) -> str:
    key = sort.lstrip("-")
    direction = "DESC" if sort.startswith("-") else "ASC"
    expr = SORTS.get(key, SORTS["score"])
    return f"CASE WHEN k.kpi_score IS NULL THEN 1 ELSE 0 END, {expr} {direction}, k.name, k.id"


class PeriodScores:
    """The partners of ``place`` scored over ``period``; each method is one statement."""

    def __init__(self, place: Place, period: Period, verified_only: bool = False):
        self.place = place
        self.period = period
        self.verified_only = verified_only
        self.thresholds = KpiThreshold.for_period(period.end)

    def _run(self, select: str, params: list | None = None) -> list[tuple]:
        ctes, cte_params = _ctes(self.place, self.period, self.thresholds, self.verified_only)
        with connection.cursor() as cursor:
            cursor.execute(ctes + select, [*cte_params, *(params or [])])
            return cursor.fetchall()

    def summary(self) -> dict:
        """Partners by KPI state, and how many of them SIM TPBIS has scored (its latest import)."""
        rows = self._run(
            f"SELECT k.kpi_colour, COUNT(*), COUNT(ss.score) FROM kpi_lib k "
            f"LEFT JOIN {SimScore._meta.db_table} ss ON ss.library_id = k.id GROUP BY k.kpi_colour"
        )
        states = dict.fromkeys(STATES, 0)
        sim_scored = 0
        for colour, count, sim in rows:
            states[colour] = count
            sim_scored += sim
        return {"states": states, "partners": sum(states.values()), "sim_scored": sim_scored}

    def rows(self, sort: str = DEFAULT_SORT, state: str = "", offset: int = 0, limit: int | None = None):
        """The partners with their inputs, points, score and colour, and SIM's score beside (never mixed)."""
        where, params = "", []
        if state in STATES:
            where, params = "WHERE k.kpi_colour = %s", [state]
        columns = [
            "k.id",
            "k.name",
            "k.level",
            "k.regency_id",
            "rg.name",
            "k.cohort_year",
            *(f"k.k_{name}" for name in formula.INDICATORS),
            "k.k_records",
            *(f"k.pt_{name}" for name in formula.INDICATORS),
            "k.kpi_score",
            "k.kpi_colour",
            "ss.score",
            "ss.as_of",
        ]
        page = f" LIMIT {int(limit)} OFFSET {int(offset)}" if limit is not None else ""
        columns.append("ROW_NUMBER() OVER (ORDER BY k.name, k.id)")  # the rank by name, for the not-scored list
        select = (
            f"SELECT {', '.join(columns)} FROM kpi_lib k "
            f"LEFT JOIN {Regency._meta.db_table} rg ON rg.code = k.regency_id "
            f"LEFT JOIN {SimScore._meta.db_table} ss ON ss.library_id = k.id "
            f"{where} ORDER BY {_order(sort)}{page}"
        )
        return [_row(values) for values in self._run(select, params)]

    def everything(self, sort: str = DEFAULT_SORT) -> tuple[dict, list[dict]]:
        """One statement for a whole page: every partner in ``sort`` order, and the summary counted from them
        (the formula is computed once rather than once for the counts and once per list)."""
        rows = self.rows(sort)
        states = dict.fromkeys(STATES, 0)
        for row in rows:
            states[row["colour"]] += 1
        sim_scored = sum(1 for row in rows if row["sim_score"] is not None)
        return {"states": states, "partners": len(rows), "sim_scored": sim_scored}, rows


def _row(values: tuple) -> dict:
    names = list(formula.INDICATORS)
    n = len(names)
    library_id, name, level, regency_id, regency_name, cohort = values[:6]
    inputs = dict(zip(names, values[6 : 6 + n], strict=True))
    records = values[6 + n]
    points = dict(zip(names, values[7 + n : 7 + 2 * n], strict=True))
    score, colour, sim_score, sim_as_of, name_rank = values[7 + 2 * n :]
    return {
        "id": library_id,
        "name": name,
        "level": level,
        "regency_id": regency_id,
        "regency": regency_name or "",
        "cohort_year": cohort,
        "inputs": inputs,
        "records": records,
        "points": points,
        "score": score,
        "colour": colour,
        "sim_score": sim_score,
        "sim_as_of": sim_as_of,
        "name_rank": name_rank,
    }
