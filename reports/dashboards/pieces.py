"""One or more months of an area's figures by child area ("pieces"), added up from each library's month.

On PostgreSQL from ``LibraryMonth`` (kept by triggers, ``reports.rollup``): a province's two years are some
26,000 rows instead of its records; the nation's from ``ProvinceMonth`` (``reports.province_months``): some
17,000 rows instead of 240,000 library months; elsewhere from the records themselves. All give the same pieces,
which a test compares.

A month's piece: ``activities`` (strategy, child, records, verified), ``participants`` (child, men, women,
in all), ``advocacy`` (result, "" when none is recorded; child; records), ``reports`` (child, submitted, on
time, timeliness unknown, received, visitors, loans, sent, verified) and ``snapshots`` (child, count,
verified), each row for a child with something to count.
"""

from __future__ import annotations

import datetime as dt
from functools import reduce
from operator import add, or_

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import ExtractYear, TruncMonth

from activities.choices import Strategy, Verification
from activities.models import Activity, ServiceSnapshot
from foundation.months import next_month
from foundation.scope import Place, PlaceKind
from libraries.models.library import VILLAGE_LEVELS
from reports import province_months, rollup
from reports.choices import ReportStatus
from reports.deadlines import deadline_for
from reports.models import LibraryMonth, MonthlyReport, ProvinceMonth
from reports.models.rollup import ADVOCACY_RESULTS, STRATEGY_PREFIXES

from .filters import Filters

PIECES = ("activities", "participants", "advocacy", "reports", "snapshots")
#: where each kind of row names its child area
CHILD = {"activities": 1, "participants": 0, "advocacy": 1, "reports": 0, "snapshots": 0}
SUBMITTED = (ReportStatus.SUBMITTED, ReportStatus.VERIFIED)
SENT = (ReportStatus.SUBMITTED, ReportStatus.VERIFIED, ReportStatus.RETURNED)
SIM_SOURCE = "sim"
VILLAGE_LEVEL_VALUES = sorted(level.value for level in VILLAGE_LEVELS)


def child_key(value) -> str:
    return "" if value is None else str(value)


def compute(place: Place, filters: Filters, months: list[dt.date]) -> dict[dt.date, dict]:
    """Each month's piece: the nation's from the province months, an area's from its library months (when kept),
    else from the records."""
    if place.scope == PlaceKind.NATIONAL and province_months.kept():
        return from_province_months(filters, months)
    if rollup.kept():
        return from_library_months(place, filters, months)
    return from_records(place, filters, months)


def _empty(months) -> dict[dt.date, dict]:
    return {m: {kind: [] for kind in PIECES} for m in months}


def _expected(month_field: str) -> Q:
    """Reports expected of the library in that month: active, a village-level library, in a cohort by then."""
    return Q(
        library__is_active=True,
        library__level__in=VILLAGE_LEVEL_VALUES,
        library__cohort_year__lte=ExtractYear(month_field),
    )


def _strategies(filters: Filters) -> list[str]:
    return [filters.strategy] if filters.strategy else list(STRATEGY_PREFIXES)


def _figure_sums(filters: Filters) -> dict:
    """The sums of a month's activities and snapshots, over library months or province months alike."""
    prefixes = [STRATEGY_PREFIXES[s] for s in _strategies(filters)]
    sums = {}
    for prefix in prefixes:
        sums[f"{prefix}_records"] = Sum(f"{prefix}_records")
        sums[f"{prefix}_verified"] = Sum(f"{prefix}_verified")
    # Participants in all (the strategies' columns added up in each row: one sum each instead of four).
    for figure in ("male", "female", "participants"):
        sums[f"all_{figure}"] = Sum(reduce(add, (F(f"{prefix}_{figure}") for prefix in prefixes)))
    if not filters.strategy or filters.strategy == Strategy.ADVOCACY:
        sums.update({f"advocacy_{result}": Sum(f"advocacy_{result}") for result in ADVOCACY_RESULTS})
    if not filters.strategy:
        sums.update(snapshots=Sum("snapshots"), snapshots_verified=Sum("snapshots_verified"))
    return sums


def _report_sums(expected: Q, on_time) -> dict:
    return {
        "r_submitted": Sum("reports_submitted", filter=expected),
        "r_on_time": on_time,
        "r_unknown": Sum("reports_from_sim", filter=expected),
        "r_received": Sum("reports_submitted"),
        "r_visitors": Sum("visitors"),
        "r_loans": Sum("loans"),
        "r_sent": Sum("reports_sent"),
        "r_verified": Sum("reports_verified"),
    }


def _in_months(months) -> Q:
    """As ranges, which the indexes read by."""
    return reduce(or_, (Q(month__gte=a, month__lt=b) for a, b in _month_ranges(months)))


def from_library_months(place, filters, months) -> dict[dt.date, dict]:
    rel_q = place.library_q("library__") & filters.library_q("library__")
    expected = _expected("month")
    # A submitted report of the portal is on time when sent by the deadline (``submitted_epoch`` holds the
    # second it was sent; the deadline is the last microsecond of its second).
    on_time = reduce(or_, (Q(month=m, submitted_epoch__lte=int(deadline_for(m).timestamp())) for m in months))
    rows = (
        LibraryMonth.objects.filter(rel_q, _in_months(months))
        .order_by()
        .values("month", child_code=F(place.child_path("library__")))
        .annotate(
            **_figure_sums(filters),
            **_report_sums(expected, Count("month", filter=expected & Q(reports_timed__gt=0) & on_time)),
        )
    )
    return _pieces_of(rows, filters, months)


def from_province_months(filters, months) -> dict[dt.date, dict]:
    """The nation's months by province from the province months (``reports.province_months``)."""
    expected = Q(expected=True, cohort_year__lte=ExtractYear("month"))
    rows = (
        # The groups carry the libraries' cohort year and partner type under the libraries' own names.
        ProvinceMonth.objects.filter(filters.library_q(), _in_months(months))
        .order_by()
        .values("month", child_code=F("province"))
        .annotate(**_figure_sums(filters), **_report_sums(expected, Sum("reports_on_time", filter=expected)))
    )
    return _pieces_of(rows, filters, months)


def _pieces_of(rows, filters, months) -> dict[dt.date, dict]:
    strategies = _strategies(filters)
    prefixes = [STRATEGY_PREFIXES[s] for s in strategies]
    pieces = _empty(months)
    for row in rows:
        piece, code = pieces[row["month"]], child_key(row["child_code"])
        for strategy in strategies:
            prefix = STRATEGY_PREFIXES[strategy]
            n = row[f"{prefix}_records"] or 0
            if n:
                piece["activities"].append((strategy, code, n, row[f"{prefix}_verified"] or 0))
            if strategy == Strategy.ADVOCACY and n:
                results = {result: row[f"advocacy_{result}"] or 0 for result in ADVOCACY_RESULTS}
                results[""] = n - sum(results.values())
                piece["advocacy"] += [(result, code, k) for result, k in results.items() if k]
        if any(row[f"{prefix}_records"] for prefix in prefixes):
            piece["participants"].append((code, *(row[f"all_{f}"] or 0 for f in ("male", "female", "participants"))))
        reports = [row[f"r_{name}"] or 0 for name in REPORT_FIGURES]
        if any(reports):
            piece["reports"].append((code, *reports))
        if row.get("snapshots"):
            piece["snapshots"].append((code, row["snapshots"], row["snapshots_verified"] or 0))
    return pieces


REPORT_FIGURES = ("submitted", "on_time", "unknown", "received", "visitors", "loans", "sent", "verified")


def _month_ranges(months: list[dt.date]) -> list[tuple[dt.date, dt.date]]:
    """Consecutive months as (first day, first day after) ranges."""
    ranges = []
    for month in sorted(months):
        if ranges and ranges[-1][1] == month:
            ranges[-1] = (ranges[-1][0], next_month(month))
        else:
            ranges.append((month, next_month(month)))
    return ranges


class MonthStart(TruncMonth):
    """The first day of a date's month, truncated as a plain timestamp (no time-zone conversion per row)."""

    def as_postgresql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.lhs)
        return f"DATE_TRUNC('month', ({sql})::timestamp)::date", params


def from_records(place, filters, months) -> dict[dt.date, dict]:
    rel_q = place.library_q("library__") & filters.library_q("library__")
    rel_child = place.child_path("library__")
    in_months = reduce(or_, (Q(date__gte=a, date__lt=b) for a, b in _month_ranges(months)))
    activities = Activity.objects.filter(rel_q, in_months)
    if filters.strategy:
        activities = activities.filter(strategy=filters.strategy)
    activities = (
        activities.order_by()
        .annotate(month=MonthStart("date"))
        .values("month", "strategy", "result", child_code=F(rel_child))
        .annotate(
            n=Count("*"),
            pm=Sum("participants_male"),
            pf=Sum("participants_female"),
            pt=Sum("participants"),
            verified=Count("verification", filter=Q(verification=Verification.VERIFIED)),
        )
    )
    in_periods = reduce(or_, (Q(period__gte=a, period__lt=b) for a, b in _month_ranges(months)))
    snapshots = (
        ServiceSnapshot.objects.filter(rel_q, in_periods)
        .order_by()
        .values("period", child_code=F(rel_child))
        .annotate(n=Count("*"), verified=Count("period", filter=Q(verification=Verification.VERIFIED)))
    )
    expected, submitted = _expected("period"), Q(status__in=SUBMITTED)
    # Reports taken in from SIM TPBIS are received with their timeliness unknown: neither on time nor late.
    from_sim = Q(source=SIM_SOURCE)
    on_time = reduce(or_, (Q(period=m, submitted_at__lte=deadline_for(m)) for m in months)) & ~from_sim
    reports = (
        MonthlyReport.objects.filter(rel_q, period__in=months)
        .order_by()
        .values("period", child_code=F(rel_child))
        .annotate(
            submitted=Count("period", filter=expected & submitted),
            on_time=Count("period", filter=expected & submitted & on_time),
            unknown=Count("period", filter=expected & submitted & from_sim),
            received=Count("period", filter=submitted),
            visitors=Sum("visitors", filter=submitted),
            loans=Sum("loans", filter=submitted),
            sent=Count("period", filter=Q(status__in=SENT)),
            verified=Count("period", filter=Q(status=ReportStatus.VERIFIED)),
        )
    )
    pieces = _empty(months)
    counted: dict[tuple, list] = {}
    people: dict[tuple, list] = {}
    for row in activities:
        month = row["month"]
        month = month.date() if isinstance(month, dt.datetime) else month
        code = child_key(row["child_code"])
        _add(counted.setdefault((month, row["strategy"], code), [0, 0]), [row["n"], row["verified"]])
        _add(people.setdefault((month, code), [0, 0, 0]), [row["pm"] or 0, row["pf"] or 0, row["pt"] or 0])
        if row["strategy"] == Strategy.ADVOCACY:
            result = row["result"] if row["result"] in ADVOCACY_RESULTS else ""
            pieces[month]["advocacy"].append((result, code, row["n"]))
    for (month, strategy, code), total in counted.items():
        pieces[month]["activities"].append((strategy, code, *total))
    for (month, code), total in people.items():
        pieces[month]["participants"].append((code, *total))
    for row in reports:
        figures = [row[name] or 0 for name in REPORT_FIGURES]
        if any(figures):
            pieces[row["period"]]["reports"].append((child_key(row["child_code"]), *figures))
    if not filters.strategy:  # a strategy chosen: activities of it only
        for row in snapshots:
            if row["period"] in pieces:  # not the first day of a month: not one of the months
                pieces[row["period"]]["snapshots"].append((child_key(row["child_code"]), row["n"], row["verified"]))
    return pieces


def _add(total: list, values: list) -> None:
    for i, value in enumerate(values):
        total[i] += value
