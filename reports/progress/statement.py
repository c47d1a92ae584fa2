"""The one statement that writes a compilation's snapshots: keyed rows, the upsert, and what is left out."""

from __future__ import annotations

import datetime as dt

from django.db import connection

from foundation.months import previous_month
from libraries.models import Province, Regency
from reports.kpi import formula
from reports.models import KpiThreshold, ProgressReport, ProgressReportExport
from reports.models.progress import ReportScope

from .sql import (
    BREAKDOWNS,
    KPI_COLOURS,
    STRATEGIES,
    SUMMED,
    Dialect,
    Target,
    breakdown_keys,
    per_library_sql,
    rolled_sql,
    snapshot_filter,
)


def _figures_json(d: Dialect, prefix: str) -> list[tuple[str, str]]:
    pairs = [(key, f"r.{prefix}_{key}") for key, _ in SUMMED]
    pairs.append(("activities_by_strategy", d.obj([(s, f"r.{prefix}_s_{s}") for s in STRATEGIES])))
    for key, (column, *_rest) in BREAKDOWNS.items():
        pairs.append((key, d.obj([(value, f"r.{prefix}_{column}_{value}") for value in breakdown_keys(key)])))
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
            ("records", "r.k_records"),
            ("inputs", d.obj([(name, f"r.k_{name}") for name in formula.INDICATORS])),
            ("points", d.obj([(name, f"r.pt_{name}") for name in formula.INDICATORS])),
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
    figures = {key: 0 for key, _ in SUMMED} | {"activities_by_strategy": dict.fromkeys(STRATEGIES, 0)}
    return figures | {key: dict.fromkeys(breakdown_keys(key), 0) for key in BREAKDOWNS}


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
        per_library_sql(thresholds, previous=from_records, scoped=target.scope != ReportScope.NATIONAL),
        rolled_sql(target, previous=from_records),
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
            part = d.as_json(f"COALESCE({value}, {provider.empty(d)})")
            if not provider.flat:
                part = d.obj([(provider.key, part)])
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
        not_summed = ["kpi", *(key for p in providers if p.kind == "figures" for key in p.figure_keys())]
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
  SELECT c.id, c.scope, c.code, c.digest FROM {table} c WHERE c.period = %(period)s AND {snapshot_filter(target, "c")}
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
