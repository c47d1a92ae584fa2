"""Figures kept in the cache until a change of the records behind them: data versions, read by the
dashboards (``reports.dashboards.cache``) and the KPI page (``reports.kpi.views``), moved by
``records_changed`` when records change (``reports.dashboards.signals``).

- ``epoch``: everything (a library changing place, level, activity, cohort or partner type;
  KPI thresholds; SIM TPBIS scores; a change whose province is not at hand);
- ``area`` (the nation, each province): any change of a record in it; a dashboard's figures and the KPI
  page's scores are kept under it, so they are recomputed after every change in their area;
- ``month`` (the nation, each province, each month): changes of records dated in that
  month; one month's aggregates of activities and reports, the expensive part, are kept
  under it, so that a recomputation after a change reads only the months that changed.

When the cache is unreachable every read misses and figures are computed each time.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.cache import cache

from foundation.scope import NATIONAL_CODE, PlaceKind

# Part of every key: named anew whenever what is kept changes shape, so that a deployment reads nothing kept before.
EPOCH = "dash:epoch:3"
MISSING = object()


def place_area(place) -> str:
    """The area whose changes invalidate a place's dashboard: the nation, or the province it lies in."""
    return NATIONAL_CODE if place.scope == PlaceKind.NATIONAL else place.province_id


def place_key(place, name: str, *version_keys: str) -> str | None:
    """A cache key for one of a place's dashboard values under the current tokens of ``version_keys``."""
    tokens = versions(version_keys)
    return None if tokens is None else f"dash:d:{place.scope}:{place.code}:{name}:{tokens}"


def area_key(area: str) -> str:
    return f"dash:a:{area}"


def month_key(area: str, month: dt.date) -> str:
    return f"dash:m:{area}:{month:%Y%m}"


def versions(keys: Iterable[str]) -> str | None:
    """The current tokens of ``keys`` joined (missing ones are created), or None when caching is off."""
    if settings.TPBIS_DASHBOARD_CACHE_SECONDS <= 0:
        return None
    keys = [EPOCH, *keys]
    found = cache.get_many(keys)
    missing = {key: uuid.uuid4().hex for key in keys if key not in found}
    if missing:
        cache.set_many(missing, None)
        found.update(missing)
    return ":".join(found[key] for key in keys)


def cached(key: str | None, compute: Callable, seconds: int | None = None):
    """``compute()``, kept under ``key`` (None: not cached)."""
    if key is None:
        return compute()
    value = cache.get(key, MISSING)
    if value is MISSING:
        value = compute()
        cache.set(key, value, seconds or settings.TPBIS_DASHBOARD_CACHE_SECONDS)
    return value


def get_many(keys: list[str]) -> dict:
    return cache.get_many(keys) if keys else {}


def set_many(values: dict, seconds: int) -> None:
    if values:
        cache.set_many(values, seconds)


def records_changed(province_id: str | None = None, months: Iterable[dt.date] = ()) -> None:
    """Records of ``province_id`` dated in ``months`` changed (no province: everything may have)."""
    if not province_id:
        invalidate_all()
        return
    tokens = {area_key(NATIONAL_CODE): None, area_key(province_id): None}
    for month in months:
        if month is not None:
            tokens[month_key(NATIONAL_CODE, month)] = None
            tokens[month_key(province_id, month)] = None
    cache.set_many({key: uuid.uuid4().hex for key in tokens}, None)


def invalidate_all() -> None:
    cache.set(EPOCH, uuid.uuid4().hex, None)
