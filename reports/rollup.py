"""``LibraryMonth`` kept by PostgreSQL: triggers on the records' tables, a recount from the records, a check.

Each source table (activities, service snapshots, monthly reports) has one statement-level trigger per kind of
write. A statement's rows before (``old_rows``) and after (``new_rows``) are counted with a sign, -1 and +1,
grouped by library and month, and added to the months' rows in one upsert (``ON CONFLICT ... DO UPDATE SET
c = c + EXCLUDED.c``): concurrent writers add up, none overwrites another, and the rows are taken in the
order of their key, so that two bulk writes wait for each other rather than deadlock. An update that changes
no counted column counts nothing. A library's deletion deletes its rows.

Elsewhere (SQLite, ``make run``) there are no triggers and the dashboards read the records themselves.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection, transaction

from activities.choices import RecordSource, Strategy, Verification
from reports import province_months
from reports.choices import ReportStatus
from reports.models.rollup import ADVOCACY_RESULTS, FIGURES, STRATEGY_PREFIXES, LibraryMonth

TABLE = LibraryMonth._meta.db_table
VERIFIED = Verification.VERIFIED.value
SUBMITTED = f"r.status IN ('{ReportStatus.SUBMITTED.value}', '{ReportStatus.VERIFIED.value}')"
SENT = (
    f"r.status IN ('{ReportStatus.SUBMITTED.value}', '{ReportStatus.VERIFIED.value}', '{ReportStatus.RETURNED.value}')"
)
FROM_SIM = f"r.source = '{RecordSource.SIM.value}'"
EPOCH = "FLOOR(EXTRACT(EPOCH FROM r.submitted_at))::bigint"
TIMED = f"{SUBMITTED} AND r.source <> '{RecordSource.SIM.value}' AND r.submitted_at IS NOT NULL"


@dataclass(frozen=True)
class Source:
    """A table of records: the month a row counts in, which rows count, what they add to each column."""

    table: str
    month: str
    #: columns whose change changes the figures (an update of others counts nothing)
    counted: tuple[str, ...]
    #: column -> the expression of one row's share (``r.sign``: +1 or -1)
    figures: dict[str, str]
    where: str = "TRUE"


def _activity_figures() -> dict[str, str]:
    figures = {}
    for strategy, prefix in STRATEGY_PREFIXES.items():
        of = f"r.strategy = '{strategy}'"
        figures[f"{prefix}_records"] = f"SUM(r.sign) FILTER (WHERE {of})"
        figures[f"{prefix}_verified"] = f"SUM(r.sign) FILTER (WHERE {of} AND r.verification = '{VERIFIED}')"
        figures[f"{prefix}_male"] = f"SUM(r.sign * COALESCE(r.participants_male, 0)) FILTER (WHERE {of})"
        figures[f"{prefix}_female"] = f"SUM(r.sign * COALESCE(r.participants_female, 0)) FILTER (WHERE {of})"
        figures[f"{prefix}_participants"] = f"SUM(r.sign * r.participants) FILTER (WHERE {of})"
    for result in ADVOCACY_RESULTS:
        figures[f"advocacy_{result}"] = (
            f"SUM(r.sign) FILTER (WHERE r.strategy = '{Strategy.ADVOCACY.value}' AND r.result = '{result}')"
        )
    return figures


SOURCES = [
    Source(
        table="activities_activity",
        month="DATE_TRUNC('month', r.date::timestamp)::date",
        counted=(
            "library_id",
            "date",
            "strategy",
            "verification",
            "participants",
            "participants_male",
            "participants_female",
            "result",
        ),
        figures=_activity_figures(),
    ),
    Source(
        table="activities_servicesnapshot",
        month="r.period",
        counted=("library_id", "period", "verification"),
        figures={
            "snapshots": "SUM(r.sign)",
            "snapshots_verified": f"SUM(r.sign) FILTER (WHERE r.verification = '{VERIFIED}')",
        },
        # As the records are read: a snapshot counts in a month when dated on its first day.
        where="r.period = DATE_TRUNC('month', r.period::timestamp)::date",
    ),
    Source(
        table="reports_monthlyreport",
        month="r.period",
        counted=("library_id", "period", "status", "source", "submitted_at", "visitors", "loans"),
        figures={
            "reports_sent": f"SUM(r.sign) FILTER (WHERE {SENT})",
            "reports_submitted": f"SUM(r.sign) FILTER (WHERE {SUBMITTED})",
            "reports_verified": f"SUM(r.sign) FILTER (WHERE r.status = '{ReportStatus.VERIFIED.value}')",
            "reports_from_sim": f"SUM(r.sign) FILTER (WHERE {SUBMITTED} AND {FROM_SIM})",
            "reports_timed": f"SUM(r.sign) FILTER (WHERE {TIMED})",
            "submitted_epoch": f"SUM(r.sign * {EPOCH}) FILTER (WHERE {TIMED})",
            "visitors": f"SUM(r.sign * r.visitors) FILTER (WHERE {SUBMITTED})",
            "loans": f"SUM(r.sign * r.loans) FILTER (WHERE {SUBMITTED})",
        },
        where="r.period = DATE_TRUNC('month', r.period::timestamp)::date",
    ),
]
assert sorted(c for s in SOURCES for c in s.figures) == sorted(FIGURES), "every column has one source"


def _grouped(source: Source, rows: str) -> str:
    """``rows`` (each with ``sign``) as one row per library and month, in the key's order."""
    columns = ", ".join(f"COALESCE({expression}, 0)" for expression in source.figures.values())
    return (
        f"SELECT r.library_id, {source.month} AS month, {columns} FROM ({rows}) r "
        f"WHERE {source.where} GROUP BY 1, 2 ORDER BY 1, 2"
    )


def _upsert(source: Source, rows: str) -> str:
    names = ", ".join(source.figures)
    added = ", ".join(f"{c} = {TABLE}.{c} + EXCLUDED.{c}" for c in source.figures)
    return (
        f"INSERT INTO {TABLE} (library_id, month, {names}) {_grouped(source, rows)} "
        f"ON CONFLICT (library_id, month) DO UPDATE SET {added}"
    )


def _function(source: Source) -> str:
    new, old = "SELECT 1 AS sign, n.* FROM new_rows n", "SELECT -1 AS sign, o.* FROM old_rows o"
    counted_new = ", ".join(f"n.{c}" for c in source.counted)
    counted_old = ", ".join(f"o.{c}" for c in source.counted)
    changed = f"ROW({counted_new}) IS DISTINCT FROM ROW({counted_old})"
    updated = (
        f"{new} JOIN old_rows o ON o.id = n.id WHERE {changed} "
        f"UNION ALL {old} JOIN new_rows n ON n.id = o.id WHERE {changed}"
    )
    return f"""
CREATE OR REPLACE FUNCTION {source.table}_library_month() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    {_upsert(source, new)};
  ELSIF TG_OP = 'DELETE' THEN
    {_upsert(source, old)};
  ELSE
    {_upsert(source, updated)};
  END IF;
  RETURN NULL;
END
$$"""


def _triggers(table: str, function: str) -> list[str]:
    return [
        f"CREATE TRIGGER {table}_lm_insert AFTER INSERT ON {table} REFERENCING NEW TABLE AS new_rows "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {function}()",
        f"CREATE TRIGGER {table}_lm_update AFTER UPDATE ON {table} REFERENCING OLD TABLE AS old_rows "
        f"NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION {function}()",
        f"CREATE TRIGGER {table}_lm_delete AFTER DELETE ON {table} REFERENCING OLD TABLE AS old_rows "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {function}()",
    ]


def library_deleted(provinces: bool = True) -> str:
    """The function that deletes a deleted library's months (first taking them from its province's)."""
    first = f"{province_months.LIBRARIES_DELETED};" if provinces else ""
    return f"""
CREATE OR REPLACE FUNCTION libraries_library_library_month() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  {first}
  DELETE FROM {TABLE} WHERE library_id IN (SELECT id FROM old_rows);
  RETURN NULL;
END
$$"""


def create_statements(provinces: bool = True) -> list[str]:
    """The functions and triggers that keep ``LibraryMonth`` (PostgreSQL), and ``ProvinceMonth`` from it."""
    statements = []
    for source in SOURCES:
        statements.append(_function(source))
        statements += _triggers(source.table, f"{source.table}_library_month")
    statements.append(library_deleted(provinces))
    statements.append(
        "CREATE TRIGGER libraries_library_lm_delete AFTER DELETE ON libraries_library REFERENCING OLD TABLE AS "
        "old_rows FOR EACH STATEMENT EXECUTE FUNCTION libraries_library_library_month()"
    )
    return statements + (province_months.create_statements() if provinces else [])


def drop_statements() -> list[str]:
    statements = province_months.drop_statements()
    for table in [*(s.table for s in SOURCES), "libraries_library"]:
        kinds = ("insert", "update", "delete")
        statements += [f"DROP TRIGGER IF EXISTS {table}_lm_{kind} ON {table}" for kind in kinds]
        statements.append(f"DROP FUNCTION IF EXISTS {table}_library_month()")
    return statements


def recount_sql() -> str:
    """Every library's months counted from the records (only libraries that exist): ``library_id, month,
    *FIGURES``."""
    parts = []
    for source in SOURCES:
        rows = f"SELECT 1 AS sign, t.* FROM {source.table} t JOIN libraries_library l ON l.id = t.library_id"
        select = ", ".join(f"g.{c}" if c in source.figures else f"0 AS {c}" for c in FIGURES)
        names = ", ".join(["library_id", "month", *source.figures])
        parts.append(f"SELECT g.library_id, g.month, {select} FROM ({_grouped(source, rows)}) AS g ({names})")
    sums = ", ".join(f"SUM({c}) AS {c}" for c in FIGURES)
    return f"SELECT library_id, month, {sums} FROM ({' UNION ALL '.join(parts)}) x GROUP BY 1, 2"


def rebuild() -> int:
    """Count every library's months again from the records, and the provinces' from them (PostgreSQL, with the
    deadline of the settings); how many library months."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {', '.join(s.table for s in SOURCES)}, libraries_library IN SHARE MODE")
        cursor.execute(f"DELETE FROM {TABLE}")
        columns = ", ".join(FIGURES)
        cursor.execute(f"INSERT INTO {TABLE} (library_id, month, {columns}) {recount_sql()}")
        rows = cursor.rowcount
        for statement in province_months.count_statements():
            cursor.execute(statement)
        return rows


def differences(limit: int = 20) -> list[str]:
    """Library months whose kept figures differ from a recount of the records, and province months from a recount
    of the library months, at most ``limit`` of each."""
    nonzero = " OR ".join(f"{c} <> 0" for c in FIGURES)
    columns = ", ".join(FIGURES)
    kept = f"SELECT library_id, month, {columns} FROM {TABLE} WHERE {nonzero}"
    counted = f"SELECT library_id, month, {columns} FROM ({recount_sql()}) c WHERE {nonzero}"
    sql = (
        f"SELECT library_id, month FROM (({kept} EXCEPT ALL {counted}) UNION ALL ({counted} EXCEPT ALL {kept})) d "
        f"GROUP BY 1, 2 ORDER BY 1, 2 LIMIT {int(limit)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        wrong = [f"library {library} {month:%Y-%m}" for library, month in cursor.fetchall()]
    return wrong + province_months.differences(limit)


def kept() -> bool:
    """Whether ``LibraryMonth`` is kept here (PostgreSQL's triggers)."""
    return connection.vendor == "postgresql"
