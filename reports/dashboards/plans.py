"""The work plans on a dashboard: the area's plans of the range's last month's year against their actuals from
January to that month (``reports.plans.totals``), whatever the dashboard's filters.

Kept as the KPI page keeps its counts (``reports.kpi.inputs``): the nation's figures are the sum of its provinces'
and a change touches one province, so each province's figures are kept in the cache under that province's data
version (``reports.kept``: moved by any change of its records or plans, and with everything by a change of a
library's place, activity or cohort) and only the provinces that changed are counted again, together, in one
statement. A province's dashboard reads its own kept part; a regency's or a library's dashboard counts its plans in
one statement (its figures are kept whole with the rest of the dashboard).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings

from foundation.scope import Place, PlaceKind
from reports import kept
from reports.plans.totals import AreaPlans, PlanTotals, added_up, area_totals, count, provinces_where


def dashboard_plans(place: Place, month: dt.date, provinces: list[str] | None = None) -> AreaPlans:
    """The plans of ``place`` (the nation: of ``provinces``, every province) of ``month``'s year."""
    if place.scope == PlaceKind.NATIONAL:
        return added_up(month, kept_parts(month, provinces or []).values())
    if place.scope == PlaceKind.PROVINCE:
        return added_up(month, kept_parts(month, [place.code]).values())
    return area_totals(place, month)


def kept_parts(month: dt.date, provinces: list[str]) -> dict[str, dict[str, PlanTotals]]:
    """Each province's ``{kind: PlanTotals}`` from the cache, the provinces not kept counted now and kept."""
    if not provinces:
        return {}
    tokens = kept.versions([kept.area_key(code) for code in provinces])
    if tokens is None:  # nothing may be kept: counted now
        return count(month, *provinces_where(provinces))
    epoch, *province_tokens = tokens.split(":")
    keys = {
        code: f"dash:plans:{code}:{month:%Y%m}:{epoch}:{token}"
        for code, token in zip(provinces, province_tokens, strict=True)
    }
    found = kept.get_many(list(keys.values()))
    parts = {code: found[key] for code, key in keys.items() if key in found}
    missing = [code for code in provinces if code not in parts]
    if missing:
        counted = count(month, *provinces_where(missing))
        fresh = {code: counted.get(code, {}) for code in missing}
        parts.update(fresh)
        kept.set_many({keys[code]: part for code, part in fresh.items()}, settings.TPBIS_DASHBOARD_MONTH_CACHE_SECONDS)
    return {code: parts[code] for code in provinces}
