"""The compilation's SQL, per library and rolled up: what is counted where, for PostgreSQL and SQLite alike.

``reports.progress.statement`` puts these pieces into the one statement that ``compile_reports`` runs."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.db import connection

from activities.choices import Strategy
from activities.models import Activity
from libraries.models import Library
from libraries.models.library import VILLAGE_LEVELS
from reports.choices import ReportStatus
from reports.models import KpiThreshold, MonthlyReport
from reports.models.progress import NATIONAL_CODE, SCOPE_ORDER, ReportScope

from . import kpi

STRATEGIES = [s.value for s in Strategy]


SUBMITTED = (ReportStatus.SUBMITTED.value, ReportStatus.VERIFIED.value)


# Figures summed from the per-library rows: figure key -> column (current month; "p_" + column for the previous).
SUMMED = [
    ("libraries", "active"),
    ("activities", "activities"),
    ("participants_male", "pm"),
    ("participants_female", "pf"),
    ("participants", "participants"),
    ("visitors", "visitors"),
    ("loans", "loans"),
    ("new_members", "new_members"),
    ("ict_users", "ict_users"),
    ("reports_expected", "exp"),
    ("reports_submitted", "exp_sub"),
    ("reports_on_time", "exp_on_time"),
    ("reports_late", "exp_late"),
    ("reports_missing", "exp_missing"),
    ("reports_received", "received"),
]


KPI_COLOURS = ["green", "yellow", "red"]


PREVIOUS_SAME = {"active"}  # no history of activation: the previous month uses today's libraries


class CompileError(ValueError):
    """The requested scope cannot be compiled (unknown code, or nothing to compile)."""


@dataclass(frozen=True)
class Target:
    """What to compile: a scope and code; everything inside it is compiled too."""

    scope: str
    code: str = NATIONAL_CODE

    @property
    def rank(self) -> int:
        return SCOPE_ORDER.index(self.scope)


@dataclass
class CompileResult:
    """``compiled`` reports, of which ``written`` had changed (the others keep their revision); ``deleted``."""

    revision: str
    written: int
    deleted: int
    compiled: int = 0


class Dialect:
    """The few SQL spellings that differ between PostgreSQL (production, tests) and SQLite (``make run``)."""

    def __init__(self, vendor: str):
        self.pg = vendor == "postgresql"

    def obj(self, pairs: list[tuple[str, str]]) -> str:
        fn = "jsonb_build_object" if self.pg else "json_object"
        args = ", ".join(f"'{key}', {value}" for key, value in pairs)
        return f"{fn}({args})"

    def json_param(self, name: str = "thresholds") -> str:
        return f"CAST(%({name})s AS jsonb)" if self.pg else f"json(%({name})s)"

    def without(self, expr: str, keys: list[str]) -> str:
        """``expr`` (a JSON object) without the top-level ``keys``."""
        if self.pg:
            quoted = ", ".join(f"'{key}'" for key in keys)
            return f"({expr} - ARRAY[{quoted}])"
        paths = ", ".join(f"'$.{key}'" for key in keys)
        return f"json_remove({expr}, {paths})"

    def merge(self, left: str, right: str) -> str:
        return f"({left} || {right})" if self.pg else f"json_patch({left}, {right})"

    def as_json(self, expr: str) -> str:
        """SQLite forgets that a value is JSON once it crosses a subquery; nested, it would become a string."""
        return expr if self.pg else f"json({expr})"

    def empty_object(self) -> str:
        return "'{}'::jsonb" if self.pg else "json('{}')"

    def empty_list(self) -> str:
        return "'[]'::jsonb" if self.pg else "json('[]')"

    def agg_list(self, item: str, order: str) -> str:
        if self.pg:
            return f"jsonb_agg({item} ORDER BY {order})"
        return f"json_group_array(json({item}))"

    def adapt_date(self, value: dt.date):
        return connection.ops.adapt_datefield_value(value)

    def adapt_datetime(self, value: dt.datetime):
        return connection.ops.adapt_datetimefield_value(value)


def bind(template: str, values: dict, fragments: dict[str, tuple[str, list]] | None = None) -> tuple[str, list]:
    """Turn ``%(name)s`` placeholders and ``{{fragment}}`` inserts into one positional statement."""
    params: list = []
    fragments = fragments or {}

    def replace(match: re.Match) -> str:
        if match.group(1):
            params.append(values[match.group(1)])
            return "%s"
        sql, fragment_params = fragments[match.group(2)]
        params.extend(fragment_params)
        return sql

    sql = re.sub(r"%\((\w+)\)s|\{\{(\w+)\}\}", replace, template)
    return sql, params


def library_filter(target: Target) -> str:
    if target.scope == ReportScope.PROVINCE:
        return "l.province_id = %(code)s"
    if target.scope == ReportScope.REGENCY:
        return "l.regency_id = %(code)s"
    if target.scope == ReportScope.LIBRARY:
        return "l.id = %(library_id)s"
    return "1 = 1"


def snapshot_filter(target: Target, alias: str = "") -> str:
    prefix = f"{alias}." if alias else ""
    if target.scope == ReportScope.PROVINCE:
        return f"{prefix}province_id = %(code)s"
    if target.scope == ReportScope.REGENCY:
        return f"{prefix}regency_id = %(code)s"
    if target.scope == ReportScope.LIBRARY:
        return f"{prefix}library_id = %(library_id)s"
    return "1 = 1"


def per_library_sql(thresholds: KpiThreshold, previous: bool = False, scoped: bool = True) -> str:
    """CTEs ``lib``, ``act``, ``rep``, ``per_lib`` … ``kpi_lib``: one row per library in the area.

    With ``previous`` the rows also carry the previous month's figures (``p_`` columns), read
    from its records; without it only the month's own activities and reports are read. Without
    ``scoped`` (the library filter keeps every library) activities and reports are not joined to
    the libraries before they are aggregated.
    """
    library_table = Library._meta.db_table
    activity_table = Activity._meta.db_table
    report_table = MonthlyReport._meta.db_table
    village_levels = ", ".join(f"'{level.value}'" for level in sorted(VILLAGE_LEVELS))
    submitted = ", ".join(f"'{status}'" for status in SUBMITTED)
    strategy_counts = ",\n".join(
        f"    SUM(CASE WHEN a.strategy = '{s}' THEN 1 ELSE 0 END) AS s_{s}" for s in STRATEGIES
    )
    activity_columns = [("activities", "n"), *((f"s_{s}", f"s_{s}") for s in STRATEGIES), ("pm", "pm"), ("pf", "pf")]
    report_columns = ["visitors", "loans", "new_members", "ict_users"]
    columns = [f"    COALESCE(ac.{src}, 0) AS {dst}" for dst, src in activity_columns]
    columns.append("    COALESCE(ac.pm, 0) + COALESCE(ac.pf, 0) AS participants")
    columns += [f"    CASE WHEN rc.sub = 1 THEN rc.{c} ELSE 0 END AS {c}" for c in report_columns]
    columns += [
        "    COALESCE(rc.sub, 0) AS received",
        "    lib.exp * COALESCE(rc.sub, 0) AS exp_sub",
        "    lib.exp * COALESCE(rc.on_time, 0) AS exp_on_time",
        "    lib.exp * COALESCE(rc.sub, 0) * (1 - COALESCE(rc.on_time, 0)) AS exp_late",
        "    lib.exp * (1 - COALESCE(rc.sub, 0)) AS exp_missing",
    ]
    joins = [
        "LEFT JOIN act ac ON ac.library_id = lib.id AND ac.cur = 1",
        "LEFT JOIN rep rc ON rc.library_id = lib.id AND rc.cur = 1",
    ]
    if previous:
        columns += [f"    COALESCE(ap.{src}, 0) AS p_{dst}" for dst, src in activity_columns]
        columns.append("    COALESCE(ap.pm, 0) + COALESCE(ap.pf, 0) AS p_participants")
        columns += [f"    CASE WHEN rp.sub = 1 THEN rp.{c} ELSE 0 END AS p_{c}" for c in report_columns]
        columns += [
            "    COALESCE(rp.sub, 0) AS p_received",
            "    lib.p_exp * COALESCE(rp.sub, 0) AS p_exp_sub",
            "    lib.p_exp * COALESCE(rp.on_time, 0) AS p_exp_on_time",
            "    lib.p_exp * COALESCE(rp.sub, 0) * (1 - COALESCE(rp.on_time, 0)) AS p_exp_late",
            "    lib.p_exp * (1 - COALESCE(rp.sub, 0)) AS p_exp_missing",
        ]
        joins += [
            "LEFT JOIN act ap ON ap.library_id = lib.id AND ap.cur = 0",
            "LEFT JOIN rep rp ON rp.library_id = lib.id AND rp.cur = 0",
        ]
    first_day = "%(prev_period)s" if previous else "%(period)s"
    periods = "(%(period)s, %(prev_period)s)" if previous else "(%(period)s)"
    # One month: every row is the month's (no split by month to group by).
    current = "CASE WHEN a.date >= %(period)s THEN 1 ELSE 0 END" if previous else "1"
    report_current = "CASE WHEN r.period = %(period)s THEN 1 ELSE 0 END" if previous else "1"
    activity_join = "JOIN lib ON lib.id = a.library_id" if scoped else ""
    report_join = "JOIN lib ON lib.id = r.library_id" if scoped else ""
    group = "1, 2" if previous else "1"
    points = kpi.points_sql(thresholds)
    points_columns = ",\n".join(f"    CASE WHEN exp = 1 THEN {expr} END AS pt_{name}" for name, expr in points.items())
    score = " + ".join(f"pt_{name}" for name in points)
    column_list = ",\n".join(columns)
    join_list = "\n  ".join(joins)
    return f"""
lib AS (
  SELECT l.id, l.name, l.province_id, l.regency_id,
    CASE WHEN l.is_active THEN 1 ELSE 0 END AS active,
    CASE WHEN l.is_active AND l.level IN ({village_levels}) AND l.cohort_year <= %(year)s THEN 1 ELSE 0 END AS exp,
    CASE WHEN l.is_active AND l.level IN ({village_levels}) AND l.cohort_year <= %(prev_year)s THEN 1 ELSE 0 END
      AS p_exp
  FROM {library_table} l
  WHERE {{{{library_filter}}}}
),
act AS (
  SELECT a.library_id, {current} AS cur,
    COUNT(*) AS n,
{strategy_counts},
    SUM(a.participants_male) AS pm, SUM(a.participants_female) AS pf
  FROM {activity_table} a {activity_join}
  WHERE a.date >= {first_day} AND a.date < %(next_period)s
  GROUP BY {group}
),
rep AS (
  SELECT r.library_id, {report_current} AS cur, r.id, r.status,
    r.visitors, r.loans, r.new_members, r.ict_users,
    CASE WHEN r.status IN ({submitted}) THEN 1 ELSE 0 END AS sub,
    CASE WHEN r.status IN ({submitted}) AND r.submitted_at <= CASE WHEN r.period = %(period)s
      THEN %(deadline)s ELSE %(prev_deadline)s END THEN 1 ELSE 0 END AS on_time
  FROM {report_table} r {report_join}
  WHERE r.period IN {periods}
),
per_lib AS (
  SELECT lib.*,
{column_list},
    CASE WHEN lib.exp = 0 THEN NULL WHEN rc.on_time = 1 THEN 'on_time' WHEN rc.sub = 1 THEN 'late'
      ELSE 'missing' END AS report_state,
    rc.id AS report_id, rc.status AS report_status
  FROM lib
  {join_list}
),
pointed AS (
  SELECT per_lib.*,
{points_columns}
  FROM per_lib
),
scored AS (
  SELECT pointed.*, {score} AS kpi_score
  FROM pointed
),
kpi_lib AS (
  SELECT scored.*, CASE WHEN exp = 1 THEN {kpi.colour_sql(thresholds)} END AS kpi_colour
  FROM scored
)"""


NO_LIBRARY = "CAST(NULL AS BIGINT) AS library_id"


NO_REGENCY = "CAST(NULL AS TEXT) AS regency_id, " + NO_LIBRARY


def rolled_sql(target: Target, previous: bool = False) -> str:
    """CTE ``rolled``: one row per scope at or below the target, with every summed figure.

    With ``previous`` also the previous month's (``p_`` columns, see ``per_library_sql``).
    """

    def aggregates(aggregate: bool) -> str:
        wrap = (lambda col: f"COALESCE(SUM({col}), 0)") if aggregate else (lambda col: col)
        parts = []
        for key, col in SUMMED:
            parts.append(f"{wrap(col)} AS c_{key}")
            if previous:
                parts.append(f"{wrap(col if col in PREVIOUS_SAME else 'p_' + col)} AS p_{key}")
        for s in STRATEGIES:
            parts.append(f"{wrap('s_' + s)} AS c_s_{s}")
            if previous:
                parts.append(f"{wrap('p_s_' + s)} AS p_s_{s}")
        for colour in KPI_COLOURS:
            flag = f"CASE WHEN kpi_colour = '{colour}' THEN 1 ELSE 0 END"
            parts.append(f"{wrap(flag)} AS k_{colour}")
        if aggregate:
            # Typed NULLs: UNION ALL resolves each column's type from its first branches.
            library_only = {
                "kpi_score": "NUMERIC",
                "kpi_colour": "TEXT",
                "report_state": "TEXT",
                "report_id": "BIGINT",
                "report_status": "TEXT",
                **{f"pt_{name}": "NUMERIC" for name in kpi.INDICATORS},
                "name": "TEXT",
            }
            parts += [f"CAST(NULL AS {kind}) AS {col}" for col, kind in library_only.items()]
        else:
            parts += ["kpi_score", "kpi_colour", "report_state", "report_id", "report_status"]
            parts += [f"pt_{name}" for name in kpi.INDICATORS]
            parts.append("name")
        return ",\n    ".join(parts)

    branches = []
    if target.scope == ReportScope.NATIONAL:
        branches.append(
            "SELECT 'national' AS scope, %(national_code)s AS code, CAST(NULL AS TEXT) AS province_id, "
            f"{NO_REGENCY},\n    {aggregates(True)}\n  FROM kpi_lib"
        )
    if target.rank <= SCOPE_ORDER.index(ReportScope.PROVINCE):
        if target.scope == ReportScope.PROVINCE:
            head = "SELECT 'province' AS scope, %(code)s AS code, %(code)s AS province_id, " + NO_REGENCY
            tail = "FROM kpi_lib"
        else:
            head = "SELECT 'province' AS scope, province_id AS code, province_id AS province_id, " + NO_REGENCY
            tail = "FROM kpi_lib GROUP BY province_id"
        branches.append(f"{head},\n    {aggregates(True)}\n  {tail}")
    if target.rank <= SCOPE_ORDER.index(ReportScope.REGENCY):
        if target.scope == ReportScope.REGENCY:
            head = "SELECT 'regency' AS scope, %(code)s AS code, %(province_code)s AS province_id, "
            head += "%(code)s AS regency_id, " + NO_LIBRARY
            tail = "FROM kpi_lib"
        else:
            head = (
                "SELECT 'regency' AS scope, regency_id AS code, province_id AS province_id, regency_id AS regency_id, "
                + NO_LIBRARY
            )
            tail = "FROM kpi_lib WHERE regency_id IS NOT NULL GROUP BY province_id, regency_id"
        branches.append(f"{head},\n    {aggregates(True)}\n  {tail}")
    # Every active library has its report; an inactive one only for a month it has records in.
    # The library a compilation was started for always gets its report.
    where = (
        "" if target.scope == ReportScope.LIBRARY else " WHERE active = 1 OR activities > 0 OR report_id IS NOT NULL"
    )
    branches.append(
        "SELECT 'library' AS scope, CAST(id AS TEXT) AS code, province_id, regency_id, id AS library_id,\n"
        f"    {aggregates(False)}\n  FROM kpi_lib{where}"
    )
    return "rolled AS (\n  " + "\n  UNION ALL\n  ".join(branches) + "\n)"
