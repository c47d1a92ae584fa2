"""The partners' KPI over a period: their counts of the period's records, scored by the one formula.

One statement per question (the distribution, what a page shows, every row for an export), whatever the number of
libraries: the partners of the place, each indicator's count of the period's records aggregated in SQL
(``reports.kpi.inputs``; for the KPI page of the nation, each province's counts kept), then the formula's CTEs
(``reports.kpi.formula``). Read as "everything entered" (the default: every record as entered,
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

from foundation.months import add_months, month_start, months_between, next_month
from foundation.scope import Place, PlaceKind
from libraries.models import Regency
from reports.models import KpiThreshold, SimScore

from . import formula, inputs

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


def _ctes(
    place: Place, period: Period, thresholds: KpiThreshold, verified_only: bool, kept: bool = False
) -> tuple[str, list]:
    """``WITH`` the partners' inputs and the formula's CTEs, ending in ``kpi_lib`` (one row per partner).

    ``kept``: the nation's inputs from each province's kept counts (``reports.kpi.inputs``) when the cache is on."""
    found = inputs.kept_national_ctes(period, verified_only) if kept and place.scope == PlaceKind.NATIONAL else None
    if found is None:
        where, where_params = place_filter(place)
        found = inputs.inputs_ctes(period, where, where_params, verified_only)
    sql, params = found
    materialized = connection.vendor == "postgresql"
    return f"{sql},\n{formula.scored_ctes(thresholds, period.months, 'inputs', materialized=materialized)}\n", params


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


#: A scored partner's columns as ``_row`` reads them (``k``: ``kpi_lib``), and where they come from.
ROW_COLUMNS = ", ".join(
    [
        "k.id",
        "k.name",
        "k.level",
        "k.regency_id",
        "rg.name AS regency_name",
        "k.cohort_year",
        *(f"k.k_{name}" for name in formula.INDICATORS),
        "k.k_records",
        *(f"k.pt_{name}" for name in formula.INDICATORS),
        "k.kpi_score",
        "k.kpi_colour",
        "ss.score AS sim_score",
        "ss.as_of AS sim_as_of",
    ]
)
ROW_JOINS = (
    f"FROM kpi_lib k LEFT JOIN {Regency._meta.db_table} rg ON rg.code = k.regency_id "
    f"LEFT JOIN {SimScore._meta.db_table} ss ON ss.library_id = k.id"
)


class PeriodScores:
    """The partners of ``place`` scored over ``period``; each method is one statement."""

    def __init__(self, place: Place, period: Period, verified_only: bool = False, kept_inputs: bool = False):
        """``kept_inputs``: the nation's counts from each province's kept counts (``reports.kpi.inputs``), for a
        page itself kept until a record changes; otherwise everything is counted from the records."""
        self.place = place
        self.period = period
        self.verified_only = verified_only
        self.kept_inputs = kept_inputs
        self.thresholds = KpiThreshold.for_period(period.end)

    def _run(self, select: str, params: list | None = None, ctes_end: str = "") -> list[tuple]:
        ctes, cte_params = _ctes(self.place, self.period, self.thresholds, self.verified_only, self.kept_inputs)
        with connection.cursor() as cursor:
            cursor.execute(ctes.rstrip() + ctes_end + select, [*cte_params, *(params or [])])
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
        page = f" LIMIT {int(limit)} OFFSET {int(offset)}" if limit is not None else ""
        name_rank = "ROW_NUMBER() OVER (ORDER BY k.name, k.id)"  # the rank by name, for the not-scored list
        select = f"SELECT {ROW_COLUMNS}, {name_rank} {ROW_JOINS} {where} ORDER BY {_order(sort)}{page}"
        return [_row(values) for values in self._run(select, params)]

    def page(self, sort: str, state: str, number: int, size: int, not_scored: int) -> dict:
        """What one page shows, in one statement (the formula computed once): the summary, the page ``number``
        (of ``size`` partners in ``sort`` order, of the state chosen or all; past either end the last page, as
        ``Paginator.get_page``), the number of partners listed, and the first ``not_scored`` partners not yet
        scored by name (none when a state is chosen). Only the rows shown leave the database."""
        chosen = "k.kpi_colour = %s" if state in STATES else "TRUE"
        chosen_params = [state] if state in STATES else []
        shown_not_scored = int(not_scored) if state not in STATES else 0
        select = f"""
ranked AS MATERIALIZED (
  SELECT k.id AS rid, k.kpi_colour AS colour, ss.score IS NOT NULL AS sim,
    ROW_NUMBER() OVER (ORDER BY k.name, k.id) AS name_rank,
    {chosen} AS chosen,
    ROW_NUMBER() OVER (PARTITION BY {chosen} ORDER BY {_order(sort)}) AS pos,
    COUNT(*) FILTER (WHERE k.kpi_colour = 'not_scored') OVER (ORDER BY k.name, k.id ROWS UNBOUNDED PRECEDING)
      AS ns_rank
  {ROW_JOINS}
),
summary AS (
  SELECT {", ".join(f"COUNT(*) FILTER (WHERE colour = '{s}') AS n_{s}" for s in STATES)},
    COUNT(*) FILTER (WHERE sim) AS sim_scored, COUNT(*) FILTER (WHERE chosen) AS listed
  FROM ranked
),
shown AS (
  SELECT summary.*, CASE WHEN %s BETWEEN 1 AND GREATEST(1, CEIL(listed / %s::numeric)) THEN %s
    ELSE GREATEST(1, CEIL(listed / %s::numeric)) END AS number
  FROM summary
)
SELECT shown.*, {ROW_COLUMNS}, r.name_rank, r.chosen, r.pos, r.ns_rank
FROM shown LEFT JOIN ranked r ON (
  r.chosen AND r.pos > (shown.number - 1) * %s AND r.pos <= shown.number * %s
) OR (r.colour = 'not_scored' AND r.ns_rank <= %s)
{ROW_JOINS.replace("FROM kpi_lib k", "LEFT JOIN kpi_lib k ON k.id = r.rid")}
ORDER BY r.pos"""
        number, size = int(number), int(size)
        params = [*chosen_params, *chosen_params, number, size, number, size, size, size, shown_not_scored]
        result = self._run(select, params, ctes_end=",")
        head = len(STATES) + 3
        first = result[0]
        states = dict(zip(STATES, first[: len(STATES)], strict=True))
        sim_scored, listed, number = first[len(STATES)], first[len(STATES) + 1], int(first[len(STATES) + 2])
        rows, not_scored_rows = [], []
        for values in result:
            if values[head] is None:  # nothing to show: the summary alone
                continue
            row_values, (chosen_row, pos, ns_rank) = values[head:-3], values[-3:]
            row = _row(row_values)
            if chosen_row and (number - 1) * size < pos <= number * size:
                rows.append(row)
            if row["colour"] == "not_scored" and ns_rank <= shown_not_scored:
                not_scored_rows.append(row)
        not_scored_rows.sort(key=lambda r: r["name_rank"])
        return {
            "summary": {"states": states, "partners": sum(states.values()), "sim_scored": sim_scored},
            "count": listed,
            "number": number,
            "rows": rows,
            "not_scored": not_scored_rows,
        }


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
