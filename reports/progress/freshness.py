"""Whether a compiled progress report still says what its records say: when they last changed after it.

A report is a snapshot of the records of its scope and month. Each kind of record a compilation reads keeps
its history (django-simple-history: a row for every creation, change and deletion, with its time, and an
index on that time), so the latest history row *after* the report was last compiled, inside its scope (and
month, for records of a month), is when the data changed; none means the report is up to date. Deletions
count too, which ``updated_at`` alone would miss, and only the rows written since the compilation are read.

"Last compiled" is the report's own compile time or the start of the latest finished compilation covering
it (its scope, its province or regency, or the nation), whichever is later: a recompilation that found
nothing new keeps the report as it was, with its old time (``reports.progress.compile``).

It is one query: a scalar subquery per kind of record. A kind whose model keeps no history is skipped.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import DateTimeField, Max, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Greatest

from activities.models import Activity, SuccessStory
from foundation.months import next_month
from foundation.scope import ScopePaths
from libraries.models import Commitment, Library
from reports.models import CompileJob, MonthlyReport, ProgressReport
from reports.models.progress import JobStatus, ReportScope

THROUGH_LIBRARY = ScopePaths(province="library__province", regency="library__regency", library="library")


@dataclass(frozen=True)
class Source:
    """A kind of record the compilation reads: how it lies in a scope, and in a month (``None``: any change)."""

    model: type
    paths: ScopePaths
    month: str | None = None
    month_is_period: bool = False  # the month field holds the month's first day (not any date in it)


#: What a compilation reads (``reports.progress.compile`` and its providers). A new kind of record whose
#: figures enter the reports belongs here too.
SOURCES = [
    Source(Activity, THROUGH_LIBRARY, month="date"),
    Source(MonthlyReport, THROUGH_LIBRARY, month="period", month_is_period=True),
    Source(SuccessStory, THROUGH_LIBRARY, month="date"),
    Source(Library, ScopePaths(province="province", regency="regency", library="id")),
    Source(Commitment, ScopePaths(province="team__province", regency="team__regency")),
]


def _scope_q(report: ProgressReport, paths: ScopePaths) -> Q | None:
    """The history rows of ``report``'s scope (``None``: this kind of record has no place in such a scope)."""
    if report.scope == ReportScope.NATIONAL:
        return Q()
    lookup, value = {
        ReportScope.PROVINCE: (paths.province, report.code),
        ReportScope.REGENCY: (paths.regency, report.code),
        ReportScope.LIBRARY: (paths.library, report.library_id),
    }[report.scope]
    return Q(**{lookup: value}) if lookup else None


def _month_q(report: ProgressReport, source: Source) -> Q:
    if source.month is None:
        return Q()
    if source.month_is_period:
        return Q(**{source.month: report.period})
    return Q(**{f"{source.month}__gte": report.period, f"{source.month}__lt": next_month(report.period)})


def last_compiled():
    """When the report (the outer query's row) was last compiled: its own time or a covering job's start."""
    covering = (
        Q(scope=ReportScope.NATIONAL)
        | Q(scope=OuterRef("scope"), code=OuterRef("code"))
        | Q(scope=ReportScope.PROVINCE, code=OuterRef("province_id"))
        | Q(scope=ReportScope.REGENCY, code=OuterRef("regency_id"))
    )
    jobs = (
        CompileJob.objects.filter(covering, period=OuterRef("period"), status=JobStatus.DONE)
        .order_by()
        .values("period")
        .annotate(started=Max("started_at"))
        .values("started")
    )
    return Greatest("compiled_at", Coalesce(Subquery(jobs, output_field=DateTimeField()), "compiled_at"))


def changed_since_compiled(report: ProgressReport) -> dt.datetime | None:
    """The latest change to the records behind ``report`` after it was last compiled (``None``: none since)."""
    columns = {}
    for index, source in enumerate(SOURCES):
        history = getattr(source.model, "history", None)
        scope = _scope_q(report, source.paths)
        if history is None or scope is None:
            continue
        rows = (
            history.model.objects.filter(history_date__gt=OuterRef("reference"))
            .filter(scope, _month_q(report, source))
            .order_by("-history_date")
            .values("history_date")[:1]
        )
        columns[f"changed_{index}"] = Subquery(rows, output_field=DateTimeField())
    row = (
        ProgressReport.objects.filter(pk=report.pk)
        .annotate(reference=last_compiled())
        .values("reference", **columns)
        .first()
    )
    if row is None:
        return None
    found = [value for key, value in row.items() if key != "reference" and value is not None]
    return max(found, default=None)
