"""The compilation's SQL, per library and rolled up: what is counted where, for PostgreSQL and SQLite alike.

``reports.progress.statement`` puts these pieces into the one statement that ``compile_reports`` runs."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.db import connection

from reports.kpi import formula
from reports.models.kpi import KpiColour
from reports.models.progress import NATIONAL_CODE, SCOPE_ORDER, ReportScope

from .per_library import BREAKDOWNS, STRATEGIES, breakdown_columns, breakdown_keys, per_library_sql

__all__ = ["BREAKDOWNS", "STRATEGIES", "breakdown_keys", "per_library_sql"]

# Figures summed from the per-library rows: figure key -> column (current month; "p_" + column for the previous).
SUMMED = [
    ("libraries", "active"),
    ("activities", "activities"),
    ("participants_male", "pm"),
    ("participants_female", "pf"),
    ("participants", "participants"),
    ("visitors", "visitors"),
    ("visitors_male", "vm"),
    ("visitors_female", "vf"),
    ("loans", "loans"),
    ("new_members", "new_members"),
    ("ict_users", "ict_users"),
    ("advocacy_amount", "aa"),
    ("records_verified", "rv"),
    ("records_unverified", "ru"),
    ("reports_expected", "exp"),
    ("reports_submitted", "exp_sub"),
    ("reports_on_time", "exp_on_time"),
    ("reports_late", "exp_late"),
    ("reports_timeliness_unknown", "exp_unknown"),
    ("reports_missing", "exp_missing"),
    ("reports_received", "received"),
]


#: The KPI distribution of a scope: the three colours and the partners not yet scored.
KPI_COLOURS = [c.value for c in KpiColour]


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
        for _key, _value, column in breakdown_columns():
            parts.append(f"{wrap(column)} AS c_{column}")
            if previous:
                parts.append(f"{wrap('p_' + column)} AS p_{column}")
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
                **{f"pt_{name}": "NUMERIC" for name in formula.INDICATORS},
                **{f"k_{name}": "NUMERIC" for name in formula.INDICATORS},
                "partner": "INTEGER",
                "k_records": "BIGINT",
                "name": "TEXT",
            }
            parts += [f"CAST(NULL AS {kind}) AS {col}" for col, kind in library_only.items()]
        else:
            parts += ["kpi_score", "kpi_colour", "report_state", "report_id", "report_status"]
            parts += [f"pt_{name}" for name in formula.INDICATORS]
            parts += [f"k_{name}" for name in formula.INDICATORS]
            parts += ["partner", "k_records", "name"]
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
    where = "" if target.scope == ReportScope.LIBRARY else " WHERE active = 1 OR k_records > 0 OR report_id IS NOT NULL"
    branches.append(
        "SELECT 'library' AS scope, CAST(id AS TEXT) AS code, province_id, regency_id, id AS library_id,\n"
        f"    {aggregates(False)}\n  FROM kpi_lib{where}"
    )
    return "rolled AS (\n  " + "\n  UNION ALL\n  ".join(branches) + "\n)"
