"""Per-library state and KPI of one month, by the compilation's own SQL: for the KPI, the map and the lists.

``reports.progress.compile`` aggregates each library's month (activities, its monthly report, the KPI
formula) in CTEs ending in ``kpi_lib``; these statements reuse them as they are, with the
dashboard's area and library filters, so that a dashboard's KPI colour and report state are
those a compilation would give now, and the libraries listed behind a figure are exactly
those it counts.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import connection

from foundation.months import next_month, previous_month
from libraries.models import Library
from reports import rollup
from reports.deadlines import deadline_for
from reports.kpi import formula
from reports.models import KpiThreshold, LibraryMonth
from reports.models.kpi import KpiColour
from reports.models.progress import ReportScope
from reports.models.rollup import STRATEGY_PREFIXES

# The KPI must be the compilation's own formula: its per-library SQL is reused as is.
from reports.progress.sql import Dialect, bind, per_library_sql

if TYPE_CHECKING:
    from foundation.scope import Place

    from .filters import Filters

KPI_COLOURS = [c.value for c in KpiColour]


def _key(value) -> str:
    return "" if value is None else str(value)


def _library_filter(place: Place, filters: Filters) -> tuple[str, list]:
    parts, params = [], []
    if place.scope == ReportScope.PROVINCE:
        parts.append("l.province_id = %s")
        params.append(place.code)
    elif place.scope == ReportScope.REGENCY:
        parts.append("l.regency_id = %s")
        params.append(place.code)
    elif place.scope == ReportScope.LIBRARY:
        parts.append("l.id = %s")
        params.append(place.library_id)
    if filters.cohort:
        parts.append("l.cohort_year = %s")
        params.append(filters.cohort)
    if filters.partner_type:
        parts.append("l.partner_type = %s")
        params.append(filters.partner_type)
    return " AND ".join(parts) or "1 = 1", params


def per_library_statement(
    place: Place, filters: Filters, month: dt.date, thresholds: KpiThreshold, select: str, provinces=None
):
    """``WITH <the compilation's per-library CTEs for month> <select>``: ``kpi_lib`` has one row per library."""
    d = Dialect(connection.vendor)
    prev = previous_month(month)
    values = {
        "period": d.adapt_date(month),
        "prev_period": d.adapt_date(prev),
        "next_period": d.adapt_date(next_month(month)),
        "year": month.year,
        "prev_year": prev.year,
        "deadline": d.adapt_datetime(deadline_for(month)),
        "prev_deadline": d.adapt_datetime(deadline_for(prev)),
    }
    template = "WITH " + per_library_sql(thresholds) + "\n" + select
    library_filter, params = _library_filter(place, filters)
    if provinces:
        library_filter = f"({library_filter}) AND l.province_id IN ({', '.join(['%s'] * len(provinces))})"
        params = [*params, *provinces]
    return bind(template, values, {"library_filter": (library_filter, params)})


def kpi_query(place, filters, month, thresholds, grouped: bool, provinces: list[str] | None = None) -> list[tuple]:
    """(child code, colour, libraries, score) of the month's KPI: grouped by child area, or one row per library.

    ``provinces`` limits the libraries to those provinces (the nation's KPI is kept province by province).
    """
    if place.scope == ReportScope.NATIONAL:
        code = "province_id"
    elif place.scope == ReportScope.PROVINCE:
        code = "regency_id"
    else:
        code = "id"
    if grouped:
        select = (
            f"SELECT {code}, kpi_colour, COUNT(*), NULL FROM kpi_lib WHERE kpi_colour IS NOT NULL "
            f"GROUP BY {code}, kpi_colour"
        )
    else:
        select = "SELECT id, kpi_colour, 1, kpi_score FROM kpi_lib WHERE kpi_colour IS NOT NULL"
    if rollup.kept():
        statement = library_month_kpi_statement(place, filters, month, thresholds, select, provinces)
    else:
        statement = per_library_statement(place, filters, month, thresholds, select, provinces)
    with connection.cursor() as cursor:
        cursor.execute(*statement)
        return [(_key(row[0]), row[1], row[2], row[3]) for row in cursor.fetchall()]


def library_month_kpi_statement(place, filters, month, thresholds, select: str, provinces=None):
    """``WITH ... kpi_lib <select>`` as ``per_library_statement``, each partner's KPI inputs read from its library
    month (``LibraryMonth``) instead of the records: the same counts (a test compares the two), one row per
    library instead of its month's activities, snapshots and report."""
    libraries, months = Library._meta.db_table, LibraryMonth._meta.db_table
    records = " + ".join(f"COALESCE(lm.{prefix}_records, 0)" for prefix in STRATEGY_PREFIXES.values())
    template = f"""WITH
lib AS (
  SELECT l.id, l.province_id, l.regency_id,
    CASE WHEN l.is_active AND l.cohort_year <= %(year)s THEN 1 ELSE 0 END AS partner
  FROM {libraries} l
  WHERE {{{{library_filter}}}}
),
per_lib AS (
  SELECT lib.*,
    COALESCE(lm.engagement_records, 0) AS k_engagement,
    COALESCE(lm.engagement_participants, 0) AS k_participants,
    COALESCE(lm.advocacy_records, 0) AS k_advocacy,
    COALESCE(lm.publication_records, 0) AS k_publication,
    CASE WHEN COALESCE(lm.snapshots, 0) > 0 THEN 1 ELSE 0 END AS k_services,
    CASE WHEN COALESCE(lm.reports_submitted, 0) > 0 AND lm.visitors > 0 THEN 1 ELSE 0 END AS k_visitors,
    {records} + COALESCE(lm.snapshots, 0) + COALESCE(lm.reports_submitted, 0) AS k_records
  FROM lib LEFT JOIN {months} lm ON lm.library_id = lib.id AND lm.month = %(period)s
),
{formula.scored_ctes(thresholds, 1, "per_lib", materialized=True)}
{select}"""
    library_filter, params = _library_filter(place, filters)
    if provinces:
        library_filter = f"({library_filter}) AND l.province_id IN ({', '.join(['%s'] * len(provinces))})"
        params = [*params, *provinces]
    values = {"period": Dialect(connection.vendor).adapt_date(month), "year": month.year}
    return bind(template, values, {"library_filter": (library_filter, params)})


#: Record kinds of the libraries page: what each lists.
RECORD_STATES = {
    "all": "active = 1 OR exp = 1",
    "expected": "exp = 1",
    "submitted": "report_state IN ('on_time', 'late', 'unknown')",
    "on_time": "report_state = 'on_time'",
    "late": "report_state = 'late'",
    "unknown": "report_state = 'unknown'",
    "missing": "report_state = 'missing'",
    "partners": "kpi_colour IS NOT NULL",
    **{colour: f"kpi_colour = '{colour}'" for colour in KPI_COLOURS},
}


def library_records(place: Place, filters: Filters, month: dt.date, state: str, offset: int, limit: int):
    """The libraries behind a month's figure (one page) and how many there are: two statements."""
    thresholds = KpiThreshold.for_period(month)
    where = RECORD_STATES[state]
    count_sql = per_library_statement(place, filters, month, thresholds, f"SELECT COUNT(*) FROM kpi_lib WHERE {where}")
    rows_sql = per_library_statement(
        place,
        filters,
        month,
        thresholds,
        "SELECT k.id, k.name, k.province_id, k.regency_id, k.exp, k.report_state, k.report_id, k.report_status, "
        "k.kpi_colour, k.kpi_score, k.activities, k.participants "
        f"FROM kpi_lib k WHERE {where} ORDER BY k.province_id, k.regency_id, k.name, k.id "
        f"LIMIT {int(limit)} OFFSET {int(offset)}",
    )
    with connection.cursor() as cursor:
        cursor.execute(*count_sql)
        total = cursor.fetchone()[0]
        cursor.execute(*rows_sql)
        columns = [c[0] for c in cursor.description]
        rows = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
    return total, rows


def map_points(place: Place, filters: Filters, month: dt.date | None) -> list[list]:
    """Active libraries with coordinates: [id, name, latitude, longitude, KPI colour of ``month``, score].

    Compact rows (coordinates to five decimals, about a metre): a national map carries every library.
    """
    libraries = Library._meta.db_table
    if month is None:
        qs = Library.objects.filter(place.library_q() & filters.library_q(), is_active=True)
        qs = qs.filter(latitude__isnull=False, longitude__isnull=False).order_by("pk")
        rows = [
            (pk, name, lat, lng, "", None)
            for pk, name, lat, lng in qs.values_list("pk", "name", "latitude", "longitude")
        ]
    else:
        thresholds = KpiThreshold.for_period(month)
        select = (
            f"SELECT k.id, k.name, l.latitude, l.longitude, k.kpi_colour, k.kpi_score FROM kpi_lib k "
            f"JOIN {libraries} l ON l.id = k.id "
            "WHERE k.active = 1 AND l.latitude IS NOT NULL AND l.longitude IS NOT NULL ORDER BY k.id"
        )
        with connection.cursor() as cursor:
            cursor.execute(*per_library_statement(place, filters, month, thresholds, select))
            rows = cursor.fetchall()
    return [
        [
            pk,
            name,
            round(float(lat), 5),
            round(float(lng), 5),
            colour or "",
            float(score) if score is not None else None,
        ]
        for pk, name, lat, lng, colour, score in rows
    ]
