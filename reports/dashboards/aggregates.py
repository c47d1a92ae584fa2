"""One month's aggregates of activities, service snapshots and reports, per library or province, cached per month.

The expensive part of a dashboard: a change of records recomputes only the months it touches
(``reports.dashboards.cache``); national figures add up the provinces' cached months."""

from __future__ import annotations

import datetime as dt
from functools import reduce
from operator import or_

from django.conf import settings
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import ExtractYear, TruncMonth

from activities.choices import Verification
from activities.models import Activity, ServiceSnapshot
from foundation.months import next_month, previous_month
from foundation.scope import NATIONAL_CODE, Place
from libraries.models.library import VILLAGE_LEVELS
from reports.choices import ReportStatus
from reports.deadlines import deadline_for
from reports.models import MonthlyReport

from . import cache
from .filters import Filters
from .sql import kpi_query


def month_pieces(place: Place, filters: Filters, months: list[dt.date], kpi_month=None) -> dict[dt.date, dict]:
    """Each month's activities and reports by child area: from the cache, the months not in it in two queries.

    A month stays cached until a record dated in it changes, so after a librarian's change only
    that month is aggregated again.
    """
    area = cache.place_area(place)
    extra = [kpi_month, previous_month(kpi_month)] if kpi_month else []
    tokens = cache.versions([cache.month_key(area, m) for m in [*months, *extra]])
    keys = {}
    if tokens is not None:
        epoch, *month_tokens = tokens.split(":")
        for month, token in zip(months, month_tokens, strict=False):
            keys[month] = f"dash:p:{place.scope}:{place.code}:{filters.month_key}:{epoch}:{token}:{month:%Y%m}"
    found = cache.get_many(list(keys.values()))
    pieces = {m: found[keys[m]] for m in months if keys.get(m) in found}
    missing = [m for m in months if m not in pieces]
    if missing:
        computed = _compute_pieces(place, filters, missing)
        pieces.update(computed)
        if keys:
            cache.set_many(
                {keys[m]: piece for m, piece in computed.items()}, settings.TPBIS_DASHBOARD_MONTH_CACHE_SECONDS
            )
    return pieces


def _province_keys(name: str, filters: Filters, months: list[dt.date], provinces: list[str]) -> dict | None:
    """Cache keys of one province's part of the nation's figures for each month, under that month's tokens."""
    pairs = [(p, m) for p in provinces for m in months]
    tokens = cache.versions([cache.month_key(p, m) for p, m in pairs])
    if tokens is None:
        return None
    epoch, *month_tokens = tokens.split(":")
    return {
        (p, m): f"dash:n:{name}:{filters.month_key}:{epoch}:{token}:{p}:{m:%Y%m}"
        for (p, m), token in zip(pairs, month_tokens, strict=True)
    }


def national_pieces(place: Place, filters: Filters, months: list[dt.date], provinces: list[str]) -> dict:
    """The nation's months, each kept whole until a record dated in it changes anywhere; a month that changed is
    added up from each province's (``_national_months``), so that after a change only one province's month is read.

    (Reading each month of the nation whole takes a few dozen cache reads instead of one per province and month.)
    """
    tokens = cache.versions([cache.month_key(NATIONAL_CODE, m) for m in months])
    keys = {}
    if tokens is not None:
        epoch, *month_tokens = tokens.split(":")
        keys = {
            m: f"dash:n:m:{filters.month_key}:{epoch}:{token}:{m:%Y%m}"
            for m, token in zip(months, month_tokens, strict=True)
        }
    found = cache.get_many(list(keys.values()))
    pieces = {m: found[keys[m]] for m in months if keys.get(m) in found}
    missing = [m for m in months if m not in pieces]
    if missing:
        computed = _national_months(place, filters, missing, provinces)
        pieces.update(computed)
        if keys:
            cache.set_many(
                {keys[m]: piece for m, piece in computed.items()}, settings.TPBIS_DASHBOARD_MONTH_CACHE_SECONDS
            )
    return pieces


def _national_months(place: Place, filters: Filters, months: list[dt.date], provinces: list[str]) -> dict:
    """The nation's months added up from each province's, kept apart: a librarian's change moves the tokens of
    their province's month, and the nation's grouped queries then read that province's libraries alone."""
    keys = _province_keys("p", filters, months, provinces)
    found = cache.get_many(list(keys.values())) if keys else {}
    parts = {pair: found[key] for pair, key in (keys or {}).items() if key in found}
    missing = [(p, m) for p in provinces for m in months if (p, m) not in parts]
    if missing:
        need_provinces = sorted({p for p, _ in missing})
        need_months = sorted({m for _, m in missing})
        only = Q(library__province__in=need_provinces) if len(need_provinces) < len(provinces) else Q()
        computed = _compute_pieces(place, filters, need_months, only)
        fresh = {
            (p, m): {
                "activities": [row for row in computed[m]["activities"] if row[2] == p],
                "reports": [row for row in computed[m]["reports"] if row[0] == p],
                "snapshots": [row for row in computed[m]["snapshots"] if row[0] == p],
            }
            for p in need_provinces
            for m in need_months
        }
        parts.update(fresh)
        if keys:
            cache.set_many(
                {keys[pair]: piece for pair, piece in fresh.items()}, settings.TPBIS_DASHBOARD_MONTH_CACHE_SECONDS
            )
    return {m: {kind: [row for p in provinces for row in parts[(p, m)][kind]] for kind in PIECES} for m in months}


def national_kpi_rows(place, filters, kpi_month, thresholds, provinces: list[str]) -> list[tuple]:
    """The nation's KPI by province, each province's cached apart (see ``national_pieces``)."""
    keys = _province_keys("k", filters, [kpi_month], provinces)
    found = cache.get_many(list(keys.values())) if keys else {}
    parts = {p: found[keys[(p, kpi_month)]] for p in provinces if keys and keys[(p, kpi_month)] in found}
    missing = [p for p in provinces if p not in parts]
    if missing:
        only = missing if len(missing) < len(provinces) else None
        rows = kpi_query(place, filters, kpi_month, thresholds, grouped=True, provinces=only)
        fresh = {p: [row for row in rows if row[0] == p] for p in missing}
        parts.update(fresh)
        if keys:
            cache.set_many(
                {keys[(p, kpi_month)]: part for p, part in fresh.items()},
                settings.TPBIS_DASHBOARD_MONTH_CACHE_SECONDS,
            )
    return [row for p in provinces for row in parts[p]]


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
    """The first day of a date's month. PostgreSQL would truncate each date as a timestamp with time zone
    (a time-zone conversion per row); as a plain timestamp it adds up a region's activities about 20% faster."""

    def as_postgresql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.lhs)
        return f"DATE_TRUNC('month', ({sql})::timestamp)::date", params


def _compute_pieces(
    place: Place, filters: Filters, months: list[dt.date], only: Q | None = None
) -> dict[dt.date, dict]:
    rel_q = place.library_q("library__") & filters.library_q("library__") & (only or Q())
    rel_child = place.child_path("library__")
    in_months = reduce(or_, (Q(date__gte=a, date__lt=b) for a, b in _month_ranges(months)))
    activities = Activity.objects.filter(rel_q, in_months)
    if filters.strategy:
        activities = activities.filter(strategy=filters.strategy)
    activities = (
        activities.order_by()
        .annotate(month=MonthStart("date"))
        .values("month", "strategy", "result", child_code=F(rel_child))
        # COUNT(*): every column read is in the covering index activity_library_date, so that a region's
        # activities are read library by library from the index alone.
        .annotate(
            n=Count("*"),
            pm=Sum("participants_male"),
            pf=Sum("participants_female"),
            pt=Sum("participants"),
            verified=Count("verification", filter=Q(verification=Verification.VERIFIED)),
        )
    )
    # As date ranges, which a region's libraries are read by from snapshot_library_period (a list of months
    # made PostgreSQL read every library's snapshots of those months); rows of other days are left out below.
    in_periods = reduce(or_, (Q(period__gte=a, period__lt=b) for a, b in _month_ranges(months)))
    snapshots = (
        ServiceSnapshot.objects.filter(rel_q, in_periods)
        .order_by()
        .values("period", child_code=F(rel_child))
        .annotate(n=Count("*"), verified=Count("period", filter=Q(verification=Verification.VERIFIED)))
    )
    expected = Q(
        library__is_active=True,
        library__level__in=VILLAGE_LEVEL_VALUES,
        library__cohort_year__lte=ExtractYear("period"),
    )
    submitted = Q(status__in=SUBMITTED)
    # Reports taken in from SIM TPBIS are received with their timeliness unknown: neither on time nor late.
    from_sim = Q(source=SIM_SOURCE)
    on_time = reduce(or_, (Q(period=m, submitted_at__lte=deadline_for(m)) for m in months)) & ~from_sim
    reports = (
        MonthlyReport.objects.filter(rel_q, period__in=months)
        .order_by()
        .values("period", child_code=F(rel_child))
        .annotate(
            # Counting a column of the covering index report_library_period (never null), not the id.
            submitted=Count("period", filter=expected & submitted),
            on_time=Count("period", filter=expected & submitted & on_time),
            unknown=Count("period", filter=expected & submitted & from_sim),
            received=Count("period", filter=submitted),
            visitors=Sum("visitors", filter=submitted),
            loans=Sum("loans", filter=submitted),
            # Reports once sent are records of the program like any other: verified or not (yet).
            sent=Count("period", filter=Q(status__in=SENT)),
            verified=Count("period", filter=Q(status=ReportStatus.VERIFIED)),
        )
    )
    pieces = {m: {kind: [] for kind in PIECES} for m in months}
    for row in activities:
        month = row["month"]
        month = month.date() if isinstance(month, dt.datetime) else month
        pieces[month]["activities"].append(
            (
                row["strategy"],
                row["result"],
                child_key(row["child_code"]),
                row["n"],
                row["pm"] or 0,
                row["pf"] or 0,
                row["pt"] or 0,
                row["verified"],
            )
        )
    for row in reports:
        pieces[row["period"]]["reports"].append(
            (
                child_key(row["child_code"]),
                row["submitted"],
                row["on_time"],
                row["unknown"],
                row["received"],
                row["visitors"] or 0,
                row["loans"] or 0,
                row["sent"],
                row["verified"],
            )
        )
    if not filters.strategy:  # a strategy chosen: activities of it only
        for row in snapshots:
            if row["period"] not in pieces:  # not the first day of a month: not one of the months
                continue
            pieces[row["period"]]["snapshots"].append((child_key(row["child_code"]), row["n"], row["verified"]))
    return pieces


#: What a month's piece holds: activities (strategy, advocacy result, child, count, men, women, participants,
#: verified), reports (child, submitted, on time, timeliness unknown, received, visitors, loans, sent, verified)
#: and service snapshots (child, count, verified).
PIECES = ("activities", "reports", "snapshots")
SUBMITTED = (ReportStatus.SUBMITTED, ReportStatus.VERIFIED)
SENT = (ReportStatus.SUBMITTED, ReportStatus.VERIFIED, ReportStatus.RETURNED)
SIM_SOURCE = "sim"


VILLAGE_LEVEL_VALUES = sorted(level.value for level in VILLAGE_LEVELS)


def child_key(value) -> str:
    return "" if value is None else str(value)
