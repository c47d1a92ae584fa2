"""Compile the monthly progress reports of a month for a scope and every scope inside it.

What is counted (shown on every report page under "How the figures are counted"):

- **libraries**: active libraries in the scope, all levels.
- **activities**, by strategy (engagement and service-improvement activities, advocacy records,
  publications: every record of the one table), of every library in the scope (also of a library
  made inactive since), dated in the month; **participants**: the sum of their participant totals;
  **male** and **female participants**: the sums of the split by sex where it was given (a total
  without a split counts in neither).
- **engagement by field** and **by kind**, **publications by kind**, **advocacy by result**: the
  month's records of that strategy by that field, ``not_recorded`` where it is blank (records
  entered before the field existed); **advocacy amount**: the rupiah amounts of the advocacy records.
- **records verified** and **not verified**: the month's activities (all strategies), service
  snapshots and monthly reports once sent (submitted, returned or verified; drafts are not records
  yet) by their verification; returned records are not verified.
- **expected reports**: active village-level libraries (village/kelurahan libraries, TBM
  and community reading corners) whose cohort year is the month's year or earlier; a
  library whose cohort year is not recorded is not expected until it is.
- **submitted reports**: expected libraries whose report for the month is *submitted*
  or *verified*. A *returned* report is not counted until it is resubmitted; a *draft*
  never is. **On time**: submitted, and first submitted by the deadline
  (``reports.deadlines``); **late**: submitted after it; **timeliness unknown**: taken in from
  SIM TPBIS, which does not say when the report was first made (received, neither on time nor
  late); **missing**: expected and not submitted.
- **visitors** (and by sex where the split was given), **loans, new members,
  computer/internet users**: summed over every submitted or verified report of the month in the
  scope (any library level), those taken in from SIM included.
- **KPI**: the partners' scores of the month (``reports.kpi.formula``: every active library with a
  cohort, any level); the distribution counts them by colour and those not yet scored.
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
- **replication** (regional reports only): the funds and villages of the self-funded replication
  programmes of the month's year in the scope (a province counts its own and its regencies').
- **highlights**: the latest success stories of the month in the scope, up to three,
  only those whose person consented to publication (``SuccessStory.objects.publishable()``).

All of it is one SQL statement: a per-library aggregation of the month's activities, service
snapshots and monthly reports (and of the month before's when it was not compiled), the KPI formula, a
roll-up to every scope, the previous month's reports read by key, and an upsert of the
snapshots (``INSERT … ON CONFLICT``) with the deletion of snapshots of the same month and
area that no longer have a scope. On PostgreSQL a recompilation rewrites only the reports
whose content changed (``ProgressReport.digest``): the others keep their revision, their
compile time and their cached PDF and Excel, which are still theirs. It runs inside one
transaction holding a per-month lock, so the number of queries does not depend on the
number of libraries, and readers see either the previous set of snapshots or the new
one. The commitments, replication programmes and highlights come from ``reports.progress.providers``.
Its cost at national scale, against the database's own lower bound, is in docs/performance.md.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Callable

from django.db import connection, transaction
from django.dispatch import Signal
from django.utils import timezone

from foundation.digits import as_id
from foundation.months import next_month, previous_month
from foundation.scope import NATIONAL_NAME
from libraries.models import Library, Province, Regency
from reports.deadlines import deadline_for
from reports.models import KpiThreshold, ProgressReport, ProgressReportExport
from reports.models.progress import NATIONAL_CODE, JobStep, ReportScope

from .sql import CompileError, CompileResult, Dialect, Target, bind, library_filter, snapshot_filter
from .statement import build_statement, previous_source, zero_figures

#: Sent once a compilation's reports are committed (the dashboards say which months are compiled).
reports_compiled = Signal()

LOCK_NAMESPACE = 52_021  # pg_advisory_xact_lock(namespace, yyyymm)
WORK_MEM = "64MB"  # for the compilation's transaction (PostgreSQL's default, 4MB, spills 10,000 libraries to disk)


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
        "library_filter": bind(library_filter(target), values),
        **{f"prov_{i}": p.sql(period, target, d) for i, p in enumerate(providers)},
    }
    if progress:  # before the transaction, so that readers of the job see it
        progress(20, JobStep.AGGREGATING)
    source = previous_source(target, period)
    values["zero_figures"] = json.dumps(zero_figures())
    statement = bind(build_statement(target, period, thresholds, providers, source), values, fragments)
    table = ProgressReport._meta.db_table
    area = snapshot_filter(target)
    with transaction.atomic(), connection.cursor() as cursor:
        # Dashboards show which months are compiled.
        transaction.on_commit(lambda: reports_compiled.send(sender=ProgressReport))
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
