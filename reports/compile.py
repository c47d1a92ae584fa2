"""Compile the monthly progress reports of a month for a scope and every scope inside it.

What is counted (shown on every report page under "How the figures are counted"):

- **libraries**: active libraries in the scope, all levels.
- **activities**, by strategy, and **participants** by sex: activities dated in the month
  of every library in the scope (also of a library made inactive since).
- **expected reports**: active village-level libraries (village/kelurahan libraries, TBM
  and community reading corners) whose cohort year is the month's year or earlier; a
  library whose cohort year is not recorded is not expected until it is.
- **submitted reports**: expected libraries whose report for the month is *submitted*
  or *verified*. A *returned* report is not counted until it is resubmitted; a *draft*
  never is. **On time**: submitted, and first submitted by the deadline
  (``reports.deadlines``); **late**: submitted after it; **missing**: expected and not
  submitted.
- **visitors, loans, new members, computer/internet users**: summed over every submitted
  or verified report of the month in the scope (any library level).
- **KPI**: one traffic light per expected library (``reports.kpi``); the distribution
  counts them.
- **previous month** and **change**: the previous month's figures are those of its own
  compiled report when that month was compiled for the scope, so the change compares with
  the report readers saw last month (a scope that had no report then counts as empty).
  When the previous month was never compiled for the scope, they are counted the same way
  from that month's records (the number of libraries is today's in both). The change is
  this month minus the previous month, derived from the two (``ProgressReport.change``).
- **commitments** (regional reports only): the synergy teams' commitments in the scope
  as they stand at compilation (a province counts its own team's and its regencies'):
  open (planned or in progress), done, and overdue (open, due before the end of the
  month, or before today while the month runs).
- **highlights**: the latest success stories of the month in the scope, up to three,
  only those whose person consented to publication (``SuccessStory.objects.publishable()``).

All of it is one SQL statement: a per-library aggregation of the month's activities and
monthly reports (and of the month before's when it was not compiled), the KPI formula, a
roll-up to every scope, the previous month's reports read by key, and an upsert of the
snapshots (``INSERT … ON CONFLICT``) with the deletion of snapshots of the same month and
area that no longer have a scope. On PostgreSQL a recompilation rewrites only the reports
whose content changed (``ProgressReport.digest``): the others keep their revision, their
compile time and their cached PDF and Excel, which are still theirs. It runs inside one
transaction holding a per-month lock, so the number of queries does not depend on the
number of libraries, and readers see either the previous set of snapshots or the new
one. The commitments and highlights come from ``reports.providers``. Its cost at national
scale, against the database's own lower bound, is in docs/performance.md.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from activities.choices import Strategy
from activities.models import Activity
from libraries.models import Library, Province, Regency
from libraries.models.library import VILLAGE_LEVELS
from tpbis_portal.digits import as_id

from . import dashboard_cache, kpi
from .choices import ReportStatus
from .deadlines import deadline_for, next_month, previous_month
from .models import KpiThreshold, MonthlyReport, ProgressReport, ProgressReportExport
from .models.progress import NATIONAL_CODE, SCOPE_ORDER, JobStep, ReportScope

NATIONAL_NAME = "Indonesia"
STRATEGIES = [s.value for s in Strategy]
SUBMITTED = (ReportStatus.SUBMITTED.value, ReportStatus.VERIFIED.value)
LOCK_NAMESPACE = 52_021  # pg_advisory_xact_lock(namespace, yyyymm)
WORK_MEM = "64MB"  # for the compilation's transaction (PostgreSQL's default, 4MB, spills 10,000 libraries to disk)

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


def resolve_target(scope: str, code: str | None) -> tuple[Target, str]:
    """Check a scope/code pair and return it with the scope's display name."""
    if scope not in ReportScope.values:
        raise CompileError(f"Unknown scope {scope!r}.")
    if scope == ReportScope.NATIONAL:
        return Target(ReportScope.NATIONAL, NATIONAL_CODE), NATIONAL_NAME
    if not code:
        raise CompileError(f"A {scope} compilation needs --code.")
    if scope == ReportScope.PROVINCE:
        name = Province.objects.filter(code=code).values_list("name", flat=True).first()
    elif scope == ReportScope.REGENCY:
        name = Regency.objects.filter(code=code).values_list("name", flat=True).first()
    else:
        name = Library.objects.filter(pk=as_id(code)).values_list("name", flat=True).first()
        code = str(as_id(code))
    if name is None:
        raise CompileError(f"No {scope} with code {code!r}.")
    return Target(scope, str(code)), name


def _library_filter(target: Target) -> str:
    if target.scope == ReportScope.PROVINCE:
        return "l.province_id = %(code)s"
    if target.scope == ReportScope.REGENCY:
        return "l.regency_id = %(code)s"
    if target.scope == ReportScope.LIBRARY:
        return "l.id = %(library_id)s"
    return "1 = 1"


def _snapshot_filter(target: Target, alias: str = "") -> str:
    prefix = f"{alias}." if alias else ""
    if target.scope == ReportScope.PROVINCE:
        return f"{prefix}province_id = %(code)s"
    if target.scope == ReportScope.REGENCY:
        return f"{prefix}regency_id = %(code)s"
    if target.scope == ReportScope.LIBRARY:
        return f"{prefix}library_id = %(library_id)s"
    return "1 = 1"


def _per_library_sql(thresholds: KpiThreshold, previous: bool = False, scoped: bool = True) -> str:
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


def _rolled_sql(target: Target, previous: bool = False) -> str:
    """CTE ``rolled``: one row per scope at or below the target, with every summed figure.

    With ``previous`` also the previous month's (``p_`` columns, see ``_per_library_sql``).
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


def _figures_json(d: Dialect, prefix: str) -> list[tuple[str, str]]:
    pairs = [(key, f"r.{prefix}_{key}") for key, _ in SUMMED]
    pairs.append(("activities_by_strategy", d.obj([(s, f"r.{prefix}_s_{s}") for s in STRATEGIES])))
    return pairs


def _json_columns(d: Dialect) -> dict[str, str]:
    """The JSON written into each snapshot, built in SQL from the ``rolled`` row ``r``."""
    current = _figures_json(d, "c")
    current.append(("kpi", d.obj([(colour, f"r.k_{colour}") for colour in KPI_COLOURS])))
    library_kpi = d.obj(
        [
            ("score", "r.kpi_score"),
            ("colour", "r.kpi_colour"),
            ("report", "r.report_state"),
            ("report_id", "r.report_id"),
            ("report_status", "r.report_status"),
            ("points", d.obj([(name, f"r.pt_{name}") for name in kpi.INDICATORS])),
            ("thresholds", d.json_param()),
        ]
    )
    scope_kpi = d.obj([("thresholds", d.json_param())])
    return {
        "figures": d.obj(current),
        "kpi": f"CASE WHEN r.kpi_colour IS NOT NULL THEN {library_kpi} ELSE {scope_kpi} END",
    }


def zero_figures() -> dict:
    """The figures of a scope with nothing in it: the previous month of a scope that had no report then."""
    return {key: 0 for key, _ in SUMMED} | {"activities_by_strategy": dict.fromkeys(STRATEGIES, 0)}


UPDATED = [
    "name",
    "province_id",
    "regency_id",
    "library_id",
    "figures",
    "previous",
    "kpi",
    "kpi_score",
    "kpi_colour",
    "highlights",
    "revision",
    "compiled_at",
    "job_id",
    "digest",
]


def _keyed_sql(target: Target, thresholds: KpiThreshold, providers, previous: str, d: Dialect) -> str:
    """The CTEs up to ``keyed``: every report to write, with its region's name, provider parts and digest.

    The digest (PostgreSQL only) hashes everything a report's content is made of: its figures, the
    library's KPI inputs, the names, the provider parts, the thresholds and, for the previous month,
    the digest of that month's report (or its figures, read from records).
    """
    table = ProgressReport._meta.db_table
    from_records = previous == "records"
    joins = [
        f"LEFT JOIN {Province._meta.db_table} pv ON pv.code = r.province_id",
        f"LEFT JOIN {Regency._meta.db_table} rg ON rg.code = r.regency_id",
    ]
    provider_ctes, provider_columns = [], []
    for index in range(len(providers)):
        alias = f"prov_{index}"
        provider_ctes.append(f"{alias} AS ({{{{{alias}}}}})")
        joins.append(f"LEFT JOIN {alias} ON {alias}.scope = r.scope AND {alias}.code = r.code")
        provider_columns.append(f"{alias}.value AS {alias}_value")
    if from_records:
        previous_columns = ["CAST(NULL AS BIGINT) AS prev_id"]
        prev_digest = "CAST(NULL AS BIGINT)"
    else:
        joins.append(
            f"LEFT JOIN {table} prev ON prev.scope = r.scope AND prev.code = r.code AND prev.period = %(prev_period)s"
        )
        previous_columns = ["prev.id AS prev_id"]
        prev_digest = "prev.digest"
    region_name = (
        "CASE r.scope WHEN 'national' THEN %(national_name)s WHEN 'province' THEN pv.name "
        "WHEN 'regency' THEN rg.name ELSE r.name END"
    )
    if d.pg:
        parts = ", ".join(["r.*", "pv.name", "rg.name", *(f"prov_{i}.value" for i in range(len(providers)))])
        typed = "CAST(%(thresholds)s AS TEXT), CAST(%(national_name)s AS TEXT)"
        digest = f"hash_record_extended(ROW({parts}, {prev_digest}, {typed}), 0)"
    else:
        digest = "CAST(NULL AS BIGINT)"
    columns = ",\n    ".join(
        ["r.*", f"{region_name} AS region_name", *provider_columns, *previous_columns, f"{digest} AS digest"]
    )
    keyed = f"keyed AS (\n  SELECT {columns}\n  FROM rolled r\n  " + "\n  ".join(joins) + "\n)"
    ctes = [
        _per_library_sql(thresholds, previous=from_records, scoped=target.scope != ReportScope.NATIONAL),
        _rolled_sql(target, previous=from_records),
        *provider_ctes,
        keyed,
    ]
    return "WITH " + ",".join(ctes)


def _insert_sql(providers, previous: str, d: Dialect, source: str) -> str:
    """``INSERT … SELECT … ON CONFLICT DO UPDATE`` of the reports in the CTE ``source`` (rows ``r``)."""
    table = ProgressReport._meta.db_table
    columns = _json_columns(d)
    figures_expr = columns["figures"]
    highlights_expr = d.empty_list()
    for index, provider in enumerate(providers):
        value = f"r.prov_{index}_value"
        if provider.kind == "figures":
            part = d.obj([(provider.key, d.as_json(f"COALESCE({value}, {provider.empty(d)})"))])
            if not provider.for_libraries:
                part = f"CASE WHEN r.scope = 'library' THEN {d.empty_object()} ELSE {part} END"
            figures_expr = d.merge(figures_expr, part)
        else:
            highlights_expr = f"COALESCE({value}, {highlights_expr})"
    join = ""
    if previous == "records":
        previous_expr = d.obj(_figures_json(d, "p"))
    else:
        # The previous month's report as compiled, less what is not a summed figure (KPI, provider parts).
        not_summed = ["kpi", *(p.key for p in providers if p.kind == "figures")]
        previous_expr = f"COALESCE({d.without('prev.figures', not_summed)}, {d.json_param('zero_figures')})"
        # By key, report by report (on PostgreSQL): a recompilation writes few reports and reads few of last month's.
        join = (
            f"LEFT JOIN LATERAL (SELECT p.figures FROM {table} p WHERE p.id = r.prev_id) prev ON TRUE"
            if d.pg
            else f"LEFT JOIN {table} prev ON prev.id = r.prev_id"
        )
    # SQLite has no unique constraint to upsert on (it cannot create one that covers other columns): there
    # ``compile_reports`` deletes the month's reports of the area first and inserts them all.
    upsert = ""
    if d.pg:
        updates = ", ".join(f"{col} = EXCLUDED.{col}" for col in UPDATED)
        upsert = f"\nON CONFLICT (scope, code, period) DO UPDATE SET\n  {updates}"
    return f"""INSERT INTO {table} (scope, code, period, {", ".join(UPDATED)})
SELECT r.scope, r.code, %(period)s, r.region_name, r.province_id, r.regency_id, r.library_id,
  {figures_expr},
  {previous_expr},
  {columns["kpi"]},
  r.kpi_score, COALESCE(r.kpi_colour, ''), {highlights_expr}, %(revision)s, %(compiled_at)s, %(job_id)s, r.digest
FROM {source} r
{join}
WHERE 1 = 1{upsert}"""


def build_statement(
    target: Target, period: dt.date, thresholds: KpiThreshold, providers=(), previous: str = "records"
) -> str:
    """The single statement that compiles every snapshot of ``target`` for ``period``.

    ``previous`` says where the previous month's figures come from: ``"snapshots"`` (that month's
    compiled reports, one row per scope, read by key) or ``"records"`` (its activities and monthly
    reports, aggregated alongside this month's).

    On PostgreSQL only the reports whose digest changed are written (with the new revision, their
    stale renderings deleted), and the reports of the area that no longer have a scope are deleted,
    all in this statement; it answers (reports compiled, written, deleted). Elsewhere (SQLite, for
    ``make run``) it inserts every report; ``compile_reports`` has deleted the month's reports of the area.
    """
    d = Dialect(connection.vendor)
    head = _keyed_sql(target, thresholds, providers, previous, d)
    if not d.pg:
        return f"{head}\n{_insert_sql(providers, previous, d, 'keyed')}"
    table = ProgressReport._meta.db_table
    exports = ProgressReportExport._meta.db_table
    return f"""{head},
existing AS MATERIALIZED (
  SELECT c.id, c.scope, c.code, c.digest FROM {table} c WHERE c.period = %(period)s AND {_snapshot_filter(target, "c")}
),
changed AS (
  SELECT k.* FROM keyed k
  LEFT JOIN existing e ON e.scope = k.scope AND e.code = k.code
  WHERE e.digest IS DISTINCT FROM k.digest
),
upserted AS (
{_insert_sql(providers, previous, d, "changed")}
  RETURNING id
),
gone AS (
  DELETE FROM {table} WHERE id IN (
    SELECT e.id FROM existing e WHERE NOT EXISTS (SELECT 1 FROM keyed k WHERE k.scope = e.scope AND k.code = e.code)
  )
  RETURNING id
),
stale AS (
  DELETE FROM {exports} WHERE report_id IN (SELECT id FROM upserted UNION ALL SELECT id FROM gone)
  RETURNING 1
)
SELECT (SELECT COUNT(*) FROM keyed), (SELECT COUNT(*) FROM upserted), (SELECT COUNT(*) FROM gone)"""


def previous_source(target: Target, period: dt.date) -> str:
    """Where the previous month's figures come from: its compiled reports when the target was compiled then.

    A compilation writes the target's report and every report inside it, so the target's report of
    the previous month says the whole area was compiled (scopes added since count as empty then).
    """
    compiled = ProgressReport.objects.filter(
        period=previous_month(period), scope=target.scope, code=target.code
    ).exists()
    return "snapshots" if compiled else "records"


Progress = Callable[[int, str], None]


def compile_reports(
    period: dt.date,
    scope: str = ReportScope.NATIONAL,
    code: str | None = None,
    *,
    job_id: int | None = None,
    progress: Progress | None = None,
    providers=None,
) -> CompileResult:
    """Compile (or recompile) the snapshots of ``scope``/``code`` and every scope inside it for ``period``."""
    from .providers import available_providers

    period = period.replace(day=1)
    target, name = resolve_target(scope, code)
    thresholds = KpiThreshold.for_period(period)
    providers = available_providers() if providers is None else providers
    providers = [provider for provider in providers if provider.applies(target)]
    d = Dialect(connection.vendor)
    revision = uuid.uuid4().hex
    prev = previous_month(period)
    values = {
        "period": d.adapt_date(period),
        "prev_period": d.adapt_date(prev),
        "next_period": d.adapt_date(next_month(period)),
        "year": period.year,
        "prev_year": prev.year,
        "deadline": d.adapt_datetime(deadline_for(period)),
        "prev_deadline": d.adapt_datetime(deadline_for(prev)),
        "code": target.code,
        "library_id": int(target.code) if target.scope == ReportScope.LIBRARY else None,
        "province_code": target.code.split(".")[0],
        "national_code": NATIONAL_CODE,
        "national_name": NATIONAL_NAME if target.scope == ReportScope.NATIONAL else name,
        "revision": revision,
        "compiled_at": d.adapt_datetime(timezone.now()),
        "job_id": job_id,
        "thresholds": json.dumps(thresholds.as_dict()),
    }
    fragments = {
        "library_filter": bind(_library_filter(target), values),
        **{f"prov_{i}": p.sql(period, target, d) for i, p in enumerate(providers)},
    }
    if progress:  # before the transaction, so that readers of the job see it
        progress(20, JobStep.AGGREGATING)
    source = previous_source(target, period)
    values["zero_figures"] = json.dumps(zero_figures())
    statement = bind(build_statement(target, period, thresholds, providers, source), values, fragments)
    table = ProgressReport._meta.db_table
    area = _snapshot_filter(target)
    with transaction.atomic(), connection.cursor() as cursor:
        transaction.on_commit(dashboard_cache.compilations_changed)  # dashboards show which months are compiled
        if d.pg:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [LOCK_NAMESPACE, period.year * 100 + period.month])
            # Every library's row of the month is sorted and hashed in memory, not in temporary files.
            cursor.execute(f"SET LOCAL work_mem = '{WORK_MEM}'")
            cursor.execute(*statement)
            compiled, written, deleted = cursor.fetchone()
            return CompileResult(revision=revision, written=written, deleted=deleted, compiled=compiled)
        # The month's reports of the area (and their renderings) are replaced: deleted, then all inserted.
        cursor.execute(*bind(f"SELECT scope, code FROM {table} WHERE period = %(period)s AND {area}", values))
        before = set(cursor.fetchall())
        cursor.execute(
            *bind(
                f"DELETE FROM {ProgressReportExport._meta.db_table} WHERE report_id IN "
                f"(SELECT id FROM {table} WHERE period = %(period)s AND {area})",
                values,
            )
        )
        cursor.execute(*bind(f"DELETE FROM {table} WHERE period = %(period)s AND {area}", values))
        cursor.execute(*statement)
        cursor.execute(*bind(f"SELECT scope, code FROM {table} WHERE revision = %(revision)s", values))
        after = set(cursor.fetchall())  # SQLite does not count rows written by INSERT … SELECT
    return CompileResult(revision=revision, written=len(after), deleted=len(before - after), compiled=len(after))


def snapshot_for(period: dt.date, scope: str, code: str) -> ProgressReport | None:
    return ProgressReport.objects.filter(period=period, scope=scope, code=code).first()
