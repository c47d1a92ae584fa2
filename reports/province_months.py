"""``ProvinceMonth`` kept by PostgreSQL from the library months: appended differences, folded from time to time.

A statement that changes library months (``reports.rollup``'s triggers, in the same transaction as the records'
write) appends, per province, month, cohort, partner type and "expected", the difference it made: its rows after
(+1) less its rows before (-1). A library that changes province, cohort, partner type, activity or level moves its
months from its old group to its new one; a deleted library takes its months away. Rows are only ever inserted, so
writers in one province never wait for each other's commit; ``fold`` replaces each group's rows by their sum (a
periodic task), and readers add up whatever rows there are.

Whether a report came in on time depends on the deadline day and the time zone: both are written into the
functions when they are created, and ``kept()`` tells readers whether they still match the settings (otherwise
the national dashboard reads the library months, and ``manage.py library_months --rebuild`` counts again).
"""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.db import connection, transaction

from libraries.models.library import VILLAGE_LEVELS
from reports.models.rollup import SHARED_FIGURES, LibraryMonth, ProvinceMonth

TABLE = ProvinceMonth._meta.db_table
MONTHS = LibraryMonth._meta.db_table
KEY = ("province_id", "month", "cohort_year", "partner_type", "expected")
COLUMNS = [*SHARED_FIGURES, "reports_on_time"]
#: Library columns that place its months in a group.
ATTRIBUTES = ("province_id", "cohort_year", "partner_type", "is_active", "level")
MARKER = "reports_province_month_deadline"


def marker() -> str:
    """The deadline day and time zone the functions count "on time" by."""
    return f"{int(settings.TPBIS_REPORT_DEADLINE_DAY)} {settings.TIME_ZONE}"


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _expected(library: str) -> str:
    levels = ", ".join(f"'{level.value}'" for level in sorted(VILLAGE_LEVELS, key=lambda v: v.value))
    return f"({library}.is_active AND {library}.level IN ({levels}) AND {library}.cohort_year IS NOT NULL)"


def _on_time(month: str) -> str:
    """A library month's report submitted before the end of the deadline day (as ``reports.deadlines``)."""
    day = int(settings.TPBIS_REPORT_DEADLINE_DAY)
    zone = _quoted(settings.TIME_ZONE)
    end = f"(({month}.month + INTERVAL '1 month' + INTERVAL '{day} days')::timestamp AT TIME ZONE {zone})"
    return f"({month}.reports_timed > 0 AND {month}.submitted_epoch < EXTRACT(EPOCH FROM {end}))"


def _grouped(library: str, month: str, source: str) -> str:
    """``source``'s rows (each with ``sign``, with columns of a library as ``library`` and of a library month as
    ``month``) added up by group, groups of zeros left out."""
    sums = ", ".join(f"SUM(sign * {month}.{c})" for c in SHARED_FIGURES)
    on_time = f"SUM(sign) FILTER (WHERE {_on_time(month)})"
    nonzero = " OR ".join([*(f"SUM(sign * {month}.{c}) <> 0" for c in SHARED_FIGURES), f"{on_time} <> 0"])
    return (
        f"SELECT {library}.province_id, {month}.month, COALESCE({library}.cohort_year, 0), {library}.partner_type, "
        f"{_expected(library)}, {sums}, COALESCE({on_time}, 0) "
        # In the order readers take them (a month's provinces): rows counted or folded lie together.
        f"FROM {source} GROUP BY 1, 2, 3, 4, 5 HAVING {nonzero} ORDER BY 2, 1"
    )


def _append(library: str, month: str, source: str) -> str:
    return f"INSERT INTO {TABLE} ({', '.join((*KEY, *COLUMNS))}) {_grouped(library, month, source)}"


def _months_of(rows: str) -> str:
    """Library months ``rows`` (each with ``sign``) in their library's group."""
    return f"({rows}) m JOIN libraries_library l ON l.id = m.library_id"


def _from_months(rows: str) -> str:
    return _append("l", "m", _months_of(rows))


MONTHS_CHANGED = f"""
CREATE OR REPLACE FUNCTION {MONTHS}_province_month() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    {_from_months("SELECT 1 AS sign, n.* FROM new_rows n")};
  ELSIF TG_OP = 'DELETE' THEN
    {_from_months("SELECT -1 AS sign, o.* FROM old_rows o")};
  ELSE
    {_from_months("SELECT 1 AS sign, n.* FROM new_rows n UNION ALL SELECT -1 AS sign, o.* FROM old_rows o")};
  END IF;
  RETURN NULL;
END
$$"""


def _libraries_moved() -> str:
    new, old = (", ".join(f"{alias}.{a}" for a in ATTRIBUTES) for alias in ("n", "o"))
    changed = f"ROW({new}) IS DISTINCT FROM ROW({old})"
    moved = (
        f"SELECT 1 AS sign, n.* FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE {changed} "
        f"UNION ALL SELECT -1 AS sign, o.* FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE {changed}"
    )
    return _append("l", "m", f"({moved}) l JOIN {MONTHS} m ON m.library_id = l.id")


LIBRARIES_MOVED = f"""
CREATE OR REPLACE FUNCTION libraries_library_province_month() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  {_libraries_moved()};
  RETURN NULL;
END
$$"""

#: What a deleted library's months took away (run before its months are deleted: their own trigger no longer
#: finds the library then).
LIBRARIES_DELETED = _append(
    "l", "m", f"(SELECT -1 AS sign, o.* FROM old_rows o) l JOIN {MONTHS} m ON m.library_id = l.id"
)


def create_statements() -> list[str]:
    return [
        f"CREATE OR REPLACE FUNCTION {MARKER}() RETURNS text LANGUAGE sql IMMUTABLE AS $$ "
        f"SELECT {_quoted(marker())} $$",
        MONTHS_CHANGED,
        *(
            f"CREATE TRIGGER {MONTHS}_pm_{kind.lower()} AFTER {kind} ON {MONTHS} REFERENCING {tables} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {MONTHS}_province_month()"
            for kind, tables in (
                ("INSERT", "NEW TABLE AS new_rows"),
                ("UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
                ("DELETE", "OLD TABLE AS old_rows"),
            )
        ),
        LIBRARIES_MOVED,
        "CREATE TRIGGER libraries_library_pm_update AFTER UPDATE ON libraries_library REFERENCING OLD TABLE AS "
        "old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION libraries_library_province_month()",
    ]


def drop_statements() -> list[str]:
    return [
        *(f"DROP TRIGGER IF EXISTS {MONTHS}_pm_{kind} ON {MONTHS}" for kind in ("insert", "update", "delete")),
        f"DROP FUNCTION IF EXISTS {MONTHS}_province_month()",
        "DROP TRIGGER IF EXISTS libraries_library_pm_update ON libraries_library",
        "DROP FUNCTION IF EXISTS libraries_library_province_month()",
        f"DROP FUNCTION IF EXISTS {MARKER}()",
    ]


def recount_sql() -> str:
    """Every province's months added up from the library months: ``KEY``, ``COLUMNS``, one row per group."""
    return _grouped("l", "m", _months_of(f"SELECT 1 AS sign, t.* FROM {MONTHS} t"))


def count_statements() -> list[str]:
    """Functions as the settings stand now, and every group counted again from the library months."""
    columns = ", ".join((*KEY, *COLUMNS))
    return [
        *drop_statements(),
        *create_statements(),
        f"DELETE FROM {TABLE}",
        f"INSERT INTO {TABLE} ({columns}) {recount_sql()}",
    ]


def fold() -> int:
    """Replace each group's rows by one row of their sum (groups adding up to nothing by none); how many rows it
    wrote. Concurrent writers keep appending meanwhile: only the rows read here are replaced."""
    key = ", ".join(KEY)
    sums = ", ".join(f"SUM({c})" for c in COLUMNS)
    zero = " AND ".join(f"SUM({c}) = 0" for c in COLUMNS)
    sql = f"""
WITH folded AS (SELECT {key} FROM {TABLE} GROUP BY {key} HAVING COUNT(*) > 1 OR ({zero})),
gone AS (DELETE FROM {TABLE} p USING folded f WHERE {" AND ".join(f"p.{k} = f.{k}" for k in KEY)} RETURNING p.*)
INSERT INTO {TABLE} ({key}, {", ".join(COLUMNS)})
SELECT {key}, {sums} FROM gone GROUP BY {key} HAVING NOT ({zero}) ORDER BY month, province_id"""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.rowcount


def kept() -> bool:
    """Whether the province months are kept here and count "on time" by the deadline of the settings."""
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT prosrc FROM pg_proc WHERE proname = %s", [MARKER])
        found = cursor.fetchone()
    return found is not None and _quoted(marker()) in found[0]


def differences(limit: int = 20) -> list[str]:
    """Groups whose rows add up to other figures than a recount from the library months, at most ``limit``."""
    key = ", ".join(KEY)
    sums = ", ".join(f"SUM({c}) AS {c}" for c in COLUMNS)
    nonzero = " OR ".join(f"{c} <> 0" for c in COLUMNS)
    columns = ", ".join((*KEY, *COLUMNS))
    kept_rows = f"SELECT {columns} FROM (SELECT {key}, {sums} FROM {TABLE} GROUP BY {key}) k WHERE {nonzero}"
    counted = f"SELECT {columns} FROM ({recount_sql()}) AS c ({columns})"
    sql = (
        f"SELECT province_id, month, cohort_year, partner_type, expected FROM "
        f"(({kept_rows} EXCEPT ALL {counted}) UNION ALL ({counted} EXCEPT ALL {kept_rows})) d "
        f"GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5 LIMIT {int(limit)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return [
            f"province {p} {m:%Y-%m} (cohort {c or '-'}, {t or '-'}, {'expected' if e else 'not expected'})"
            for p, m, c, t, e in cursor.fetchall()
        ]


@shared_task(name="reports.fold_province_months")
def fold_province_months() -> int:
    """Fold the province months' appended differences (every few minutes: readers add up fewer rows)."""
    if connection.vendor != "postgresql":
        return 0
    return fold()
