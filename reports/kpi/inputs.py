"""The formula's inputs: each partner's counts of a period's records, in SQL; the nation's kept province by province.

``inputs_ctes`` writes the CTEs ``lib`` (the partners of a place) … ``inputs`` (one row per partner with its
``k_<indicator>`` counts and ``k_records``) that ``reports.kpi.period`` scores with ``reports.kpi.formula``.

The nation's inputs are the sum of its provinces' and a librarian's change touches one province, so the nation's
KPI page reads each province's counts from the cache (``kept_inputs``), kept under that province's data version
(``reports.kept``: moved by any change of its records, and with everything by a change of a library's place,
activity or cohort), and counts again only the provinces that changed. The counts go back to the database as
arrays: the partners, the formula, the ordering and the page are still one statement, as without the cache.
"""

from __future__ import annotations

from django.core.cache import cache
from django.db import connection

from activities.choices import Strategy, Verification
from activities.models import Activity, ServiceSnapshot
from libraries.models import Library, Province
from reports import kept
from reports.choices import ReportStatus
from reports.models import MonthlyReport

#: The counts of a partner, in the order ``inputs`` gives them.
COUNTS = [
    "k_engagement",
    "k_participants",
    "k_advocacy",
    "k_publication",
    "k_services",
    "k_visitors",
    "k_records",
]


def _lib_cte(where: str) -> str:
    return f"""WITH lib AS (
  SELECT l.id, l.name, l.level, l.province_id, l.regency_id, l.cohort_year, 1 AS partner
  FROM {Library._meta.db_table} l
  WHERE l.is_active AND l.cohort_year <= %s AND {where}
)"""


def inputs_ctes(period, where: str, where_params: list, verified_only: bool) -> tuple[str, list]:
    """``WITH lib … inputs``: the partners matching ``where`` and their counts of the period's records."""
    start, stop = (connection.ops.adapt_datefield_value(day) for day in (period.start, period.stop))
    statuses = [ReportStatus.VERIFIED] if verified_only else [ReportStatus.SUBMITTED, ReportStatus.VERIFIED]
    status_list = ", ".join(f"'{status}'" for status in statuses)
    verified = f" AND {{alias}}.verification = '{Verification.VERIFIED.value}'" if verified_only else ""
    strategy = {
        "eng": Strategy.COMMUNITY_ENGAGEMENT.value,
        "adv": Strategy.ADVOCACY.value,
        "pub": Strategy.MEDIA_PUBLICATION.value,
    }
    sql = f"""{_lib_cte(where)},
act AS (
  SELECT a.library_id, COUNT(*) AS n,
    SUM(CASE WHEN a.strategy = '{strategy["eng"]}' THEN 1 ELSE 0 END) AS eng,
    SUM(CASE WHEN a.strategy = '{strategy["eng"]}' THEN a.participants ELSE 0 END) AS part,
    SUM(CASE WHEN a.strategy = '{strategy["adv"]}' THEN 1 ELSE 0 END) AS adv,
    SUM(CASE WHEN a.strategy = '{strategy["pub"]}' THEN 1 ELSE 0 END) AS pub
  FROM {Activity._meta.db_table} a JOIN lib ON lib.id = a.library_id
  WHERE a.date >= %s AND a.date < %s{verified.format(alias="a")}
  GROUP BY a.library_id
),
snap AS (
  SELECT s.library_id, COUNT(*) AS n, COUNT(DISTINCT s.period) AS months
  FROM {ServiceSnapshot._meta.db_table} s JOIN lib ON lib.id = s.library_id
  WHERE s.period >= %s AND s.period < %s{verified.format(alias="s")}
  GROUP BY s.library_id
),
rep AS (
  SELECT r.library_id, COUNT(*) AS n, SUM(CASE WHEN r.visitors > 0 THEN 1 ELSE 0 END) AS months
  FROM {MonthlyReport._meta.db_table} r JOIN lib ON lib.id = r.library_id
  WHERE r.period >= %s AND r.period < %s AND r.status IN ({status_list})
  GROUP BY r.library_id
),
inputs AS (
  SELECT lib.*,
    COALESCE(act.eng, 0) AS k_engagement, COALESCE(act.part, 0) AS k_participants,
    COALESCE(act.adv, 0) AS k_advocacy, COALESCE(act.pub, 0) AS k_publication,
    COALESCE(snap.months, 0) AS k_services, COALESCE(rep.months, 0) AS k_visitors,
    COALESCE(act.n, 0) + COALESCE(snap.n, 0) + COALESCE(rep.n, 0) AS k_records
  FROM lib
  LEFT JOIN act ON act.library_id = lib.id
  LEFT JOIN snap ON snap.library_id = lib.id
  LEFT JOIN rep ON rep.library_id = lib.id
)"""
    return sql, [period.end.year, *where_params, start, stop, start, stop, start, stop]


def kept_national_ctes(period, verified_only: bool) -> tuple[str, list] | None:
    """``WITH lib … inputs`` for the nation with every province's counts from the cache (the provinces not kept
    counted now, in one statement, and kept); None when nothing may be kept (the cache is off)."""
    counts = kept_inputs(period, verified_only)
    if counts is None:
        return None
    columns = list(zip(*counts, strict=True)) if counts else [() for _ in range(len(COUNTS) + 1)]
    arrays = ", ".join(["%s::bigint[]"] * (len(COUNTS) + 1))
    sql = f"""{_lib_cte("1 = 1")},
kept (id, {", ".join(COUNTS)}) AS (SELECT * FROM unnest({arrays})),
inputs AS (
  SELECT lib.*, {", ".join(f"COALESCE(kept.{name}, 0) AS {name}" for name in COUNTS)}
  FROM lib LEFT JOIN kept ON kept.id = lib.id
)"""
    # Each array as PostgreSQL's text form of it ("{1,2,3}", integers read from the database): the driver's own
    # conversion of 10,000 numbers a column took longer than the statement's join.
    return sql, [period.end.year, *("{" + ",".join(map(str, column)) + "}" for column in columns)]


def kept_inputs(period, verified_only: bool) -> list[tuple] | None:
    """(library id, counts …) of every partner with records in the period, province by province from the cache."""
    reading = "verified" if verified_only else "entered"
    provinces = _province_codes()
    if provinces is None:
        return None
    tokens = kept.versions([kept.area_key(code) for code in provinces])
    if tokens is None:
        return None
    epoch, *province_tokens = tokens.split(":")
    name = f"{period.start:%Y%m}-{period.end:%Y%m}:{reading}:{epoch}"
    keys = {code: f"kpi:in:{code}:{name}:{token}" for code, token in zip(provinces, province_tokens, strict=True)}
    found = kept.get_many(list(keys.values()))
    parts = {code: found[key] for code, key in keys.items() if key in found}
    missing = [code for code in provinces if code not in parts]
    if missing:
        fresh = {code: [] for code in missing}
        for province, *row in _count(period, verified_only, missing):
            fresh[province].append(tuple(row))
        parts.update(fresh)
        kept.set_many({keys[code]: rows for code, rows in fresh.items()}, _seconds())
    return [row for code in provinces for row in parts[code]]


def _count(period, verified_only: bool, provinces: list[str]) -> list[tuple]:
    """(province, library id, counts …) of the partners of ``provinces`` with records in the period."""
    where = f"l.province_id IN ({', '.join(['%s'] * len(provinces))})"
    ctes, params = inputs_ctes(period, where, provinces, verified_only)
    select = f"\nSELECT province_id, id, {', '.join(COUNTS)} FROM inputs WHERE k_records > 0"
    with connection.cursor() as cursor:
        cursor.execute(ctes + select, params)
        return cursor.fetchall()


def _province_codes() -> list[str] | None:
    """Every province's code, kept under the epoch (a province is never added in use, but a new one shows)."""
    tokens = kept.versions([])
    if tokens is None:
        return None
    key = f"kpi:provinces:{tokens}"
    codes = cache.get(key)
    if codes is None:
        codes = sorted(Province.objects.values_list("code", flat=True))
        cache.set(key, codes, _seconds())
    return codes


def _seconds() -> int:
    from django.conf import settings

    return settings.TPBIS_DASHBOARD_MONTH_CACHE_SECONDS
