"""One month's aggregates of activities, service snapshots and reports, per library or province, cached per month.

The expensive part of a dashboard: a change of records recomputes only the months it touches
(``reports.dashboards.cache``); national figures add up the provinces' cached months."""

from __future__ import annotations

import datetime as dt

from django.conf import settings

from foundation.months import previous_month
from foundation.scope import NATIONAL_CODE, Place

from . import cache
from .filters import Filters
from .pieces import compute
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
        computed = compute(place, filters, missing)
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


def national_pieces(place: Place, filters: Filters, months: list[dt.date]) -> dict:
    """The nation's months, each kept whole until a record dated in it changes anywhere; a month that changed is
    added up again whole (the province months: some 700 rows a month, ``reports.province_months``).

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
        computed = compute(place, filters, missing)
        pieces.update(computed)
        if keys:
            cache.set_many(
                {keys[m]: piece for m, piece in computed.items()}, settings.TPBIS_DASHBOARD_MONTH_CACHE_SECONDS
            )
    return pieces


def national_kpi_rows(place, filters, kpi_month, thresholds, provinces: list[str]) -> list[tuple]:
    """The nation's KPI by province, each province's cached apart: after a change only that province is scored
    again."""
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
