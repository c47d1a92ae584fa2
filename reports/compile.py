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
- **change**: this month minus the previous month, computed the same way from the
  previous month's records (the number of libraries is today's in both).
- **commitments** (regional reports only): the synergy teams' commitments in the scope
  as they stand at compilation (a province counts its own team's and its regencies'):
  open (planned or in progress), done, and overdue (open, due before the end of the
  month, or before today while the month runs).
- **highlights**: the latest success stories of the month in the scope, up to three,
  only those whose person consented to publication (``SuccessStory.objects.publishable()``).

All of it is one SQL statement: a per-library aggregation of activities and monthly
reports of the month and the one before, the KPI formula, a roll-up to every scope,
and an upsert of the snapshots (``INSERT … ON CONFLICT``), followed by the deletion of
snapshots of the same month and area that no longer have a scope. It runs inside one
transaction holding a per-month lock, so the number of queries does not depend on the
number of libraries, and readers see either the previous set of snapshots or the new
one. The commitments and highlights come from ``reports.providers``.
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

from . import kpi
from .choices import ReportStatus
from .deadlines import deadline_for, next_month, previous_month
from .models import KpiThreshold, MonthlyReport, ProgressReport, ProgressReportExport
from .models.progress import NATIONAL_CODE, SCOPE_ORDER, JobStep, ReportScope

NATIONAL_NAME = "Indonesia"
STRATEGIES = [s.value for s in Strategy]
SUBMITTED = (ReportStatus.SUBMITTED.value, ReportStatus.VERIFIED.value)
LOCK_NAMESPACE = 52_021  # pg_advisory_xact_lock(namespace, yyyymm)

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
    revision: str
    written: int
    deleted: int


class Dialect:
    """The few SQL spellings that differ between PostgreSQL (production, tests) and SQLite (``make run``)."""

    def __init__(self, vendor: str):
        self.pg = vendor == "postgresql"

    def obj(self, pairs: list[tuple[str, str]]) -> str:
        fn = "jsonb_build_object" if self.pg else "json_object"
        args = ", ".join(f"'{key}', {value}" for key, value in pairs)
        return f"{fn}({args})"

    def json_param(self) -> str:
        return "CAST(%(thresholds)s AS jsonb)" if self.pg else "json(%(thresholds)s)"

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
        name = Library.objects.filter(pk=int(code) if code.isdigit() else None).values_list("name", flat=True).first()
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


def _snapshot_filter(target: Target) -> str:
    if target.scope == ReportScope.PROVINCE:
        return "province_id = %(code)s"
    if target.scope == ReportScope.REGENCY:
        return "regency_id = %(code)s"
    if target.scope == ReportScope.LIBRARY:
        return "library_id = %(library_id)s"
    return "1 = 1"


def _per_library_sql(thresholds: KpiThreshold) -> str:
    """CTEs ``lib``, ``act``, ``rep``, ``per_lib`` and ``scored``: one row per library in the area."""
    library_table = Library._meta.db_table
    activity_table = Activity._meta.db_table
    report_table = MonthlyReport._meta.db_table
    village_levels = ", ".join(f"'{level.value}'" for level in sorted(VILLAGE_LEVELS))
    submitted = ", ".join(f"'{status}'" for status in SUBMITTED)
    strategy_counts = ",\n".join(
        f"    SUM(CASE WHEN a.strategy = '{s}' THEN 1 ELSE 0 END) AS s_{s}" for s in STRATEGIES
    )
    activity_columns = [("activities", "n"), *((f"s_{s}", f"s_{s}") for s in STRATEGIES), ("pm", "pm"), ("pf", "pf")]
    act_cur = ",\n".join(f"    COALESCE(ac.{src}, 0) AS {dst}" for dst, src in activity_columns)
    act_prev = ",\n".join(f"    COALESCE(ap.{src}, 0) AS p_{dst}" for dst, src in activity_columns)
    report_columns = ["visitors", "loans", "new_members", "ict_users"]
    rep_cur = ",\n".join(f"    CASE WHEN rc.sub = 1 THEN rc.{c} ELSE 0 END AS {c}" for c in report_columns)
    rep_prev = ",\n".join(f"    CASE WHEN rp.sub = 1 THEN rp.{c} ELSE 0 END AS p_{c}" for c in report_columns)
    points = kpi.points_sql(thresholds)
    points_columns = ",\n".join(f"    CASE WHEN exp = 1 THEN {expr} END AS pt_{name}" for name, expr in points.items())
    score = " + ".join(f"pt_{name}" for name in points)
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
  SELECT a.library_id, CASE WHEN a.date >= %(period)s THEN 1 ELSE 0 END AS cur,
    COUNT(*) AS n,
{strategy_counts},
    SUM(a.participants_male) AS pm, SUM(a.participants_female) AS pf
  FROM {activity_table} a JOIN lib ON lib.id = a.library_id
  WHERE a.date >= %(prev_period)s AND a.date < %(next_period)s
  GROUP BY 1, 2
),
rep AS (
  SELECT r.library_id, CASE WHEN r.period = %(period)s THEN 1 ELSE 0 END AS cur, r.id, r.status,
    r.visitors, r.loans, r.new_members, r.ict_users,
    CASE WHEN r.status IN ({submitted}) THEN 1 ELSE 0 END AS sub,
    CASE WHEN r.status IN ({submitted}) AND r.submitted_at <= CASE WHEN r.period = %(period)s
      THEN %(deadline)s ELSE %(prev_deadline)s END THEN 1 ELSE 0 END AS on_time
  FROM {report_table} r JOIN lib ON lib.id = r.library_id
  WHERE r.period IN (%(period)s, %(prev_period)s)
),
per_lib AS (
  SELECT lib.*,
{act_cur},
{act_prev},
    COALESCE(ac.pm, 0) + COALESCE(ac.pf, 0) AS participants,
    COALESCE(ap.pm, 0) + COALESCE(ap.pf, 0) AS p_participants,
{rep_cur},
{rep_prev},
    COALESCE(rc.sub, 0) AS received, COALESCE(rp.sub, 0) AS p_received,
    lib.exp * COALESCE(rc.sub, 0) AS exp_sub, lib.p_exp * COALESCE(rp.sub, 0) AS p_exp_sub,
    lib.exp * COALESCE(rc.on_time, 0) AS exp_on_time, lib.p_exp * COALESCE(rp.on_time, 0) AS p_exp_on_time,
    lib.exp * COALESCE(rc.sub, 0) * (1 - COALESCE(rc.on_time, 0)) AS exp_late,
    lib.p_exp * COALESCE(rp.sub, 0) * (1 - COALESCE(rp.on_time, 0)) AS p_exp_late,
    lib.exp * (1 - COALESCE(rc.sub, 0)) AS exp_missing, lib.p_exp * (1 - COALESCE(rp.sub, 0)) AS p_exp_missing,
    CASE WHEN lib.exp = 0 THEN NULL WHEN rc.on_time = 1 THEN 'on_time' WHEN rc.sub = 1 THEN 'late'
      ELSE 'missing' END AS report_state,
    rc.id AS report_id, rc.status AS report_status
  FROM lib
  LEFT JOIN act ac ON ac.library_id = lib.id AND ac.cur = 1
  LEFT JOIN act ap ON ap.library_id = lib.id AND ap.cur = 0
  LEFT JOIN rep rc ON rc.library_id = lib.id AND rc.cur = 1
  LEFT JOIN rep rp ON rp.library_id = lib.id AND rp.cur = 0
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


def _rolled_sql(target: Target) -> str:
    """CTE ``rolled``: one row per scope at or below the target, with every summed figure."""

    def aggregates(aggregate: bool) -> str:
        wrap = (lambda col: f"COALESCE(SUM({col}), 0)") if aggregate else (lambda col: col)
        parts = []
        for key, col in SUMMED:
            parts.append(f"{wrap(col)} AS c_{key}")
            parts.append(f"{wrap(col if col in PREVIOUS_SAME else 'p_' + col)} AS p_{key}")
        for s in STRATEGIES:
            parts.append(f"{wrap('s_' + s)} AS c_s_{s}")
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


def _json_columns(d: Dialect) -> dict[str, str]:
    """The JSON written into each snapshot, built in SQL from the ``rolled`` row ``r``."""

    def figures(prefix: str) -> str:
        pairs = [(key, f"r.{prefix}_{key}") for key, _ in SUMMED]
        pairs.append(("activities_by_strategy", d.obj([(s, f"r.{prefix}_s_{s}") for s in STRATEGIES])))
        return pairs

    current = figures("c")
    current.append(("kpi", d.obj([(colour, f"r.k_{colour}") for colour in KPI_COLOURS])))
    change = [(key, f"r.c_{key} - r.p_{key}") for key, _ in SUMMED]
    change.append(("activities_by_strategy", d.obj([(s, f"r.c_s_{s} - r.p_s_{s}") for s in STRATEGIES])))
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
        "previous": d.obj(figures("p")),
        "change": d.obj(change),
        "kpi": f"CASE WHEN r.kpi_colour IS NOT NULL THEN {library_kpi} ELSE {scope_kpi} END",
    }


def build_statement(target: Target, period: dt.date, thresholds: KpiThreshold, providers=()) -> str:
    """The single upsert statement that compiles every snapshot of ``target`` for ``period``."""
    d = Dialect(connection.vendor)
    columns = _json_columns(d)
    figures_expr = columns["figures"]
    highlights_expr = d.empty_list()
    joins = []
    provider_ctes = []
    for index, provider in enumerate(providers):
        alias = f"prov_{index}"
        provider_ctes.append(f"{alias} AS ({{{{{alias}}}}})")
        joins.append(f"LEFT JOIN {alias} ON {alias}.scope = r.scope AND {alias}.code = r.code")
        if provider.kind == "figures":
            part = d.obj([(provider.key, d.as_json(f"COALESCE({alias}.value, {provider.empty(d)})"))])
            if not provider.for_libraries:
                part = f"CASE WHEN r.scope = 'library' THEN {d.empty_object()} ELSE {part} END"
            figures_expr = d.merge(figures_expr, part)
        else:
            highlights_expr = f"COALESCE({alias}.value, {highlights_expr})"
    table = ProgressReport._meta.db_table
    region_name = (
        "CASE r.scope WHEN 'national' THEN %(national_name)s WHEN 'province' THEN pv.name "
        "WHEN 'regency' THEN rg.name ELSE r.name END"
    )
    ctes = ",".join([_per_library_sql(thresholds), _rolled_sql(target), *provider_ctes])
    updated = [
        "name",
        "province_id",
        "regency_id",
        "library_id",
        "figures",
        "previous",
        "change",
        "kpi",
        "kpi_score",
        "kpi_colour",
        "highlights",
        "revision",
        "compiled_at",
        "job_id",
    ]
    return f"""WITH {ctes}
INSERT INTO {table} (scope, code, period, {", ".join(updated)})
SELECT r.scope, r.code, %(period)s, {region_name}, r.province_id, r.regency_id, r.library_id,
  {figures_expr},
  {columns["previous"]},
  {columns["change"]},
  {columns["kpi"]},
  r.kpi_score, COALESCE(r.kpi_colour, ''), {highlights_expr}, %(revision)s, %(compiled_at)s, %(job_id)s
FROM rolled r
LEFT JOIN {Province._meta.db_table} pv ON pv.code = r.province_id
LEFT JOIN {Regency._meta.db_table} rg ON rg.code = r.regency_id
{chr(10).join(joins)}
WHERE 1 = 1
ON CONFLICT (scope, code, period) DO UPDATE SET
  {", ".join(f"{col} = EXCLUDED.{col}" for col in updated)}"""


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
    statement = bind(build_statement(target, period, thresholds, providers), values, fragments)
    table = ProgressReport._meta.db_table
    area = _snapshot_filter(target)
    with transaction.atomic(), connection.cursor() as cursor:
        if d.pg:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [LOCK_NAMESPACE, period.year * 100 + period.month])
        cursor.execute(*statement)
        written = cursor.rowcount
        if written < 0:  # SQLite does not count rows written by INSERT … SELECT
            cursor.execute(*bind(f"SELECT COUNT(*) FROM {table} WHERE revision = %(revision)s", values))
            written = cursor.fetchone()[0]
        # Renderings of an older revision, then snapshots whose scope is gone (their renderings first).
        cursor.execute(
            *bind(
                f"DELETE FROM {ProgressReportExport._meta.db_table} WHERE revision <> %(revision)s AND report_id IN "
                f"(SELECT id FROM {table} WHERE period = %(period)s AND {area})",
                values,
            )
        )
        cursor.execute(
            *bind(f"DELETE FROM {table} WHERE period = %(period)s AND revision <> %(revision)s AND {area}", values)
        )
        deleted = cursor.rowcount
    return CompileResult(revision=revision, written=written, deleted=deleted)


def snapshot_for(period: dt.date, scope: str, code: str) -> ProgressReport | None:
    return ProgressReport.objects.filter(period=period, scope=scope, code=code).first()
