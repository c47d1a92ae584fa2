"""The portal's contribution to the literacy development index (IPLM, Perpusnas regulation 7/2025).

Per partner library and year, the index's performance indicators that the portal can compute from its own
records, keyed by the library's NPP; per regency/city the totals and how complete each indicator is across its
partners. A figure is *known* for a library when it recorded its source in the year (an engagement event, a
monthly report, a service snapshot): a library that recorded nothing is unknown, never a false 0.

One statement per question, whatever the number of libraries: the libraries' rows (a regency's partners, or one
library) or the regencies' totals (a province's or the nation's), each aggregated in SQL.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import connection
from django.utils.translation import gettext_lazy as _

from activities.choices import AdvocacyResult, Strategy, Verification
from activities.models import Activity, ServiceSnapshot
from foundation.scope import Place
from libraries.models import Library, Regency
from reports.choices import ReportStatus
from reports.kpi.period import place_filter
from reports.models import MonthlyReport

from .sources import ACTIVITIES, REPORTS, SNAPSHOTS


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str
    #: Where it comes from: ``ACTIVITIES``, ``REPORTS`` or ``SNAPSHOTS`` (``reports.iplm.sources``).
    source: str
    #: How the year's records make the figure, for the explanation page.
    how: str
    #: The IPLM's own name of what it measures.
    iplm: str


INDICATORS = [
    Indicator(
        "literacy_activities",
        _("Literacy activities"),
        ACTIVITIES,
        _("The number of community engagement events held in the year."),
        _("Literacy programmes and activities held by the library"),
    ),
    Indicator(
        "literacy_participants",
        _("Participants in literacy activities"),
        ACTIVITIES,
        _("The participants of those events, added up (the total, whether or not it is split by sex)."),
        _("Participants in reading and literacy activities"),
    ),
    Indicator(
        "partnerships",
        _("Partnerships with outside parties"),
        ACTIVITIES,
        _("Advocacy records that obtained a result (funds, non-funds or a regulation)."),
        _("Cooperation with outside parties"),
    ),
    Indicator(
        "policy_documents",
        _("Policy documents"),
        ACTIVITIES,
        _("Advocacy records whose result is a regulation (a village regulation, a decree, …)."),
        _("Policy documents supporting the library"),
    ),
    Indicator(
        "visitors",
        _("Visitors"),
        REPORTS,
        _("The visitors of the year's monthly reports, added up."),
        _("Library visitors"),
    ),
    Indicator(
        "loans",
        _("Loans"),
        REPORTS,
        _("The loans of the year's monthly reports, added up."),
        _("Loans of the collection"),
    ),
    Indicator(
        "ict_users",
        _("ICT users"),
        REPORTS,
        _("The users of the library's computers and internet in the year's monthly reports, added up."),
        _("Users of ICT facilities"),
    ),
    Indicator(
        "books",
        _("Books"),
        SNAPSHOTS,
        _("The books of the year's latest service snapshot."),
        _("Printed collection"),
    ),
    Indicator(
        "digital_books",
        _("Digital books"),
        SNAPSHOTS,
        _("The digital books of the year's latest service snapshot."),
        _("Digital collection and access"),
    ),
    Indicator(
        "computers",
        _("Computers"),
        SNAPSHOTS,
        _("The computers of the year's latest service snapshot."),
        _("ICT facilities"),
    ),
]
KEYS = [indicator.key for indicator in INDICATORS]


class Reading:
    ENTERED = "entered"
    VERIFIED = "verified"


def _ctes(place: Place, year: int, verified_only: bool) -> tuple[str, list]:
    """``WITH`` one row per partner library of ``place`` with its year's figures (NULL where unknown): ``fig``."""
    start, stop = (connection.ops.adapt_datefield_value(dt.date(y, 1, 1)) for y in (year, year + 1))
    where, where_params = place_filter(place)
    statuses = [ReportStatus.VERIFIED] if verified_only else [ReportStatus.SUBMITTED, ReportStatus.VERIFIED]
    status_list = ", ".join(f"'{status.value}'" for status in statuses)
    verified = f" AND {{alias}}.verification = '{Verification.VERIFIED.value}'" if verified_only else ""
    eng, adv = Strategy.COMMUNITY_ENGAGEMENT.value, Strategy.ADVOCACY.value
    results = ", ".join(f"'{value}'" for value in AdvocacyResult.values)
    sql = f"""WITH lib AS (
  SELECT l.id, l.name, l.npp, l.level, l.province_id, l.regency_id
  FROM {Library._meta.db_table} l
  WHERE l.is_active AND l.cohort_year <= %s AND {where}
),
act AS (
  SELECT a.library_id,
    SUM(CASE WHEN a.strategy = '{eng}' THEN 1 ELSE 0 END) AS literacy_activities,
    SUM(CASE WHEN a.strategy = '{eng}' THEN a.participants ELSE 0 END) AS literacy_participants,
    SUM(CASE WHEN a.strategy = '{adv}' AND a.result IN ({results}) THEN 1 ELSE 0 END) AS partnerships,
    SUM(CASE WHEN a.strategy = '{adv}' AND a.result = '{AdvocacyResult.REGULATION.value}' THEN 1 ELSE 0 END)
      AS policy_documents
  FROM {Activity._meta.db_table} a JOIN lib ON lib.id = a.library_id
  WHERE a.date >= %s AND a.date < %s{verified.format(alias="a")}
  GROUP BY a.library_id
),
rep AS (
  SELECT r.library_id, COUNT(*) AS months, SUM(r.visitors) AS visitors, SUM(r.loans) AS loans,
    SUM(r.ict_users) AS ict_users
  FROM {MonthlyReport._meta.db_table} r JOIN lib ON lib.id = r.library_id
  WHERE r.period >= %s AND r.period < %s AND r.status IN ({status_list})
  GROUP BY r.library_id
),
ranked AS (
  SELECT s.library_id, s.books, s.digital_books, s.computers,
    ROW_NUMBER() OVER (PARTITION BY s.library_id ORDER BY s.period DESC, s.id DESC) AS latest
  FROM {ServiceSnapshot._meta.db_table} s JOIN lib ON lib.id = s.library_id
  WHERE s.period >= %s AND s.period < %s{verified.format(alias="s")}
),
snap AS (SELECT library_id, books, digital_books, computers FROM ranked WHERE latest = 1),
fig AS (
  SELECT lib.*, COALESCE(rep.months, 0) AS months_reported,
    act.literacy_activities, act.literacy_participants, act.partnerships, act.policy_documents,
    rep.visitors, rep.loans, rep.ict_users, snap.books, snap.digital_books, snap.computers
  FROM lib
  LEFT JOIN act ON act.library_id = lib.id
  LEFT JOIN rep ON rep.library_id = lib.id
  LEFT JOIN snap ON snap.library_id = lib.id
)
"""
    params = [year, *where_params, start, stop, start, stop, start, stop]
    return sql, params


def _fetch(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def library_rows(place: Place, year: int, verified_only: bool = False) -> list[dict]:
    """The partner libraries of a regency (or one library) with their year's figures, by name."""
    ctes, params = _ctes(place, year, verified_only)
    columns = ", ".join(f"f.{key}" for key in KEYS)
    sql = (
        f"{ctes}SELECT f.id, f.name, f.npp, f.level, f.regency_id, f.months_reported, {columns} "
        "FROM fig f ORDER BY f.name, f.id"
    )
    rows = []
    for values in _fetch(sql, params):
        library_id, name, npp, level, regency_id, months = values[:6]
        rows.append(
            {
                "id": library_id,
                "name": name,
                "npp": npp or "",
                "level": level,
                "regency_id": regency_id,
                "months_reported": months,
                "figures": dict(zip(KEYS, values[6:], strict=True)),
            }
        )
    return rows


def regency_rows(place: Place, year: int, verified_only: bool = False) -> list[dict]:
    """The regencies/cities of a province (or the nation) with their partners' totals and completeness."""
    ctes, params = _ctes(place, year, verified_only)
    sums = ", ".join(f"CAST(SUM(f.{key}) AS BIGINT), COUNT(f.{key})" for key in KEYS)
    sql = (
        f"{ctes}SELECT f.regency_id, rg.name, COUNT(*), COUNT(f.npp), {sums} FROM fig f "
        f"JOIN {Regency._meta.db_table} rg ON rg.code = f.regency_id "
        "GROUP BY f.regency_id, rg.name ORDER BY rg.name, f.regency_id"
    )
    rows = []
    for values in _fetch(sql, params):
        code, name, partners, with_npp = values[:4]
        pairs = values[4:]
        figures = {key: pairs[2 * i] for i, key in enumerate(KEYS)}
        known = {key: pairs[2 * i + 1] for i, key in enumerate(KEYS)}
        rows.append(
            {
                "code": code,
                "name": name,
                "partners": partners,
                "with_npp": with_npp,
                "figures": figures,
                "known": known,
                "completeness": completeness(known, partners),
            }
        )
    return rows


def completeness(known: dict, partners: int) -> dict:
    """Each indicator's share of the partners whose figure is known (0 to 1), or None without partners."""
    return {key: (known[key] / partners if partners else None) for key in KEYS}


def total(rows: list[dict]) -> dict:
    """The libraries' rows added up: partners, NPPs, each figure (None where nobody's is known), completeness."""
    partners = len(rows)
    known = {key: sum(1 for row in rows if row["figures"][key] is not None) for key in KEYS}
    figures = {
        key: sum(row["figures"][key] for row in rows if row["figures"][key] is not None) if known[key] else None
        for key in KEYS
    }
    return {
        "partners": partners,
        "with_npp": sum(1 for row in rows if row["npp"]),
        "figures": figures,
        "known": known,
        "completeness": completeness(known, partners),
    }


def sum_regencies(rows: list[dict]) -> dict:
    """The regencies' totals added up, for a province or the nation."""
    partners = sum(row["partners"] for row in rows)
    known = {key: sum(row["known"][key] for row in rows) for key in KEYS}
    figures = {
        key: sum(row["figures"][key] for row in rows if row["figures"][key] is not None) if known[key] else None
        for key in KEYS
    }
    return {
        "partners": partners,
        "with_npp": sum(row["with_npp"] for row in rows),
        "figures": figures,
        "known": known,
        "completeness": completeness(known, partners),
    }
