"""One row per library and month: what the compilation counts of each library, and its KPI.

The CTEs ``lib``, ``act``, ``snap``, ``rep``, ``per_lib`` and the KPI's (``reports.kpi.formula``) ending in
``kpi_lib``: the compilation rolls them up (``reports.progress.sql``), the dashboards read them as they are
(``reports.dashboards.sql``), so a dashboard's KPI colour and report state are those a compilation gives.
"""

from __future__ import annotations

from activities.choices import AdvocacyResult, EngagementField, EventKind, PublicationKind, Strategy
from activities.models import Activity, ServiceSnapshot
from libraries.models import Library
from libraries.models.library import VILLAGE_LEVELS
from reports.choices import ReportStatus
from reports.kpi import formula
from reports.models import KpiThreshold, MonthlyReport

STRATEGIES = [s.value for s in Strategy]
SUBMITTED = (ReportStatus.SUBMITTED.value, ReportStatus.VERIFIED.value)
#: A record whose field of a breakdown is blank (recorded before the field existed, or not given).
NOT_RECORDED = "not_recorded"
#: A monthly report taken in from SIM TPBIS: received, but when it was first submitted is not known.
SIM_SOURCE = "sim"

#: Figures that count records by one of their fields: figure key -> (column prefix, strategy, field, values).
BREAKDOWNS = {
    "engagement_by_field": ("bf", Strategy.COMMUNITY_ENGAGEMENT, "field", EngagementField.values),
    "engagement_by_kind": ("bk", Strategy.COMMUNITY_ENGAGEMENT, "event_kind", EventKind.values),
    "publications_by_kind": ("bp", Strategy.MEDIA_PUBLICATION, "publication_kind", PublicationKind.values),
    "advocacy_by_result": ("br", Strategy.ADVOCACY, "result", AdvocacyResult.values),
}


def breakdown_keys(key: str) -> list[str]:
    """The keys of a breakdown figure: the field's values, then ``not_recorded``."""
    return [*BREAKDOWNS[key][3], NOT_RECORDED]


def breakdown_columns() -> list[tuple[str, str, str]]:
    """(figure key, value, column) of every breakdown."""
    return [(key, value, f"{spec[0]}_{value}") for key, spec in BREAKDOWNS.items() for value in breakdown_keys(key)]


def _activity_sums() -> list[tuple[str, str]]:
    """(column, SUM expression) of the activities' per-library counts (``n`` is the count of all)."""
    engagement = f"a.strategy = '{Strategy.COMMUNITY_ENGAGEMENT.value}'"
    sums = [(f"s_{s}", f"CASE WHEN a.strategy = '{s}' THEN 1 ELSE 0 END") for s in STRATEGIES]
    sums += [
        ("pm", "a.participants_male"),
        ("pf", "a.participants_female"),
        ("pt", "a.participants"),
        ("ep", f"CASE WHEN {engagement} THEN a.participants ELSE 0 END"),
        ("aa", f"CASE WHEN a.strategy = '{Strategy.ADVOCACY.value}' THEN COALESCE(a.amount, 0) ELSE 0 END"),
        ("av", "CASE WHEN a.verification = 'verified' THEN 1 ELSE 0 END"),
    ]
    for key, value, column in breakdown_columns():
        _prefix, strategy, field, _values = BREAKDOWNS[key]
        matches = f"a.{field} = ''" if value == NOT_RECORDED else f"a.{field} = '{value}'"
        sums.append((column, f"CASE WHEN a.strategy = '{strategy.value}' AND {matches} THEN 1 ELSE 0 END"))
    return sums


#: Per-library figure columns read from the activities (``per_lib`` column, ``act`` column).
ACTIVITY_COLUMNS = [("activities", "n"), *((column, column) for column, _ in _activity_sums())]
REPORT_COLUMNS = ["visitors", "loans", "new_members", "ict_users"]


def _figure_columns(prefix: str, ac: str, rc: str, sn: str) -> list[str]:
    """The summed figures of one month (``prefix`` "" for the month, "p_" for the month before)."""
    p = prefix
    exp = "lib.exp" if not p else "lib.p_exp"
    columns = [f"COALESCE({ac}.{src}, 0) AS {p}{dst}" for dst, src in ACTIVITY_COLUMNS]
    columns.append(f"COALESCE({ac}.pt, 0) AS {p}participants")
    columns += [f"CASE WHEN {rc}.sub = 1 THEN {rc}.{c} ELSE 0 END AS {p}{c}" for c in REPORT_COLUMNS]
    columns += [
        f"CASE WHEN {rc}.sub = 1 THEN COALESCE({rc}.visitors_male, 0) ELSE 0 END AS {p}vm",
        f"CASE WHEN {rc}.sub = 1 THEN COALESCE({rc}.visitors_female, 0) ELSE 0 END AS {p}vf",
        f"COALESCE({rc}.sub, 0) AS {p}received",
        f"{exp} * COALESCE({rc}.sub, 0) AS {p}exp_sub",
        f"{exp} * COALESCE({rc}.on_time, 0) AS {p}exp_on_time",
        f"{exp} * COALESCE({rc}.sub, 0) * (1 - COALESCE({rc}.on_time, 0)) * (1 - COALESCE({rc}.unknown, 0)) "
        f"AS {p}exp_late",
        f"{exp} * COALESCE({rc}.sub, 0) * COALESCE({rc}.unknown, 0) AS {p}exp_unknown",
        f"{exp} * (1 - COALESCE({rc}.sub, 0)) AS {p}exp_missing",
        # Records verified and not (yet) verified: activities, service snapshots, the monthly report once sent.
        f"COALESCE({ac}.av, 0) + COALESCE({sn}.v, 0) + COALESCE({rc}.verified, 0) AS {p}rv",
        f"COALESCE({ac}.n, 0) - COALESCE({ac}.av, 0) + COALESCE({sn}.n, 0) - COALESCE({sn}.v, 0) "
        f"+ COALESCE({rc}.pending, 0) AS {p}ru",
    ]
    return columns


def _kpi_inputs(ac: str, rc: str, sn: str) -> list[str]:
    """The KPI's counts of the month (``reports.kpi.formula``)."""
    return [
        f"COALESCE({ac}.s_{Strategy.COMMUNITY_ENGAGEMENT.value}, 0) AS k_engagement",
        f"COALESCE({ac}.ep, 0) AS k_participants",
        f"COALESCE({ac}.s_{Strategy.ADVOCACY.value}, 0) AS k_advocacy",
        f"COALESCE({ac}.s_{Strategy.MEDIA_PUBLICATION.value}, 0) AS k_publication",
        f"CASE WHEN COALESCE({sn}.n, 0) > 0 THEN 1 ELSE 0 END AS k_services",
        f"CASE WHEN {rc}.sub = 1 AND {rc}.visitors > 0 THEN 1 ELSE 0 END AS k_visitors",
        f"COALESCE({ac}.n, 0) + COALESCE({sn}.n, 0) + COALESCE({rc}.sub, 0) AS k_records",
    ]


def per_library_sql(thresholds: KpiThreshold, previous: bool = False, scoped: bool = True) -> str:
    """CTEs ``lib``, ``act``, ``snap``, ``rep``, ``per_lib`` … ``kpi_lib``: one row per library in the area.

    With ``previous`` the rows also carry the previous month's figures (``p_`` columns), read
    from its records; without it only the month's own records are read. Without ``scoped`` (the
    library filter keeps every library) the records are not joined to the libraries before they
    are aggregated.
    """
    library_table = Library._meta.db_table
    activity_table = Activity._meta.db_table
    snapshot_table = ServiceSnapshot._meta.db_table
    report_table = MonthlyReport._meta.db_table
    village_levels = ", ".join(f"'{level.value}'" for level in sorted(VILLAGE_LEVELS))
    submitted = ", ".join(f"'{status}'" for status in SUBMITTED)
    activity_sums = ",\n".join(f"    SUM({expr}) AS {column}" for column, expr in _activity_sums())
    columns = _figure_columns("", "ac", "rc", "sn") + _kpi_inputs("ac", "rc", "sn")
    joins = [
        "LEFT JOIN act ac ON ac.library_id = lib.id AND ac.cur = 1",
        "LEFT JOIN snap sn ON sn.library_id = lib.id AND sn.cur = 1",
        "LEFT JOIN rep rc ON rc.library_id = lib.id AND rc.cur = 1",
    ]
    if previous:
        columns += _figure_columns("p_", "ap", "rp", "sp")
        joins += [
            "LEFT JOIN act ap ON ap.library_id = lib.id AND ap.cur = 0",
            "LEFT JOIN snap sp ON sp.library_id = lib.id AND sp.cur = 0",
            "LEFT JOIN rep rp ON rp.library_id = lib.id AND rp.cur = 0",
        ]
    first_day = "%(prev_period)s" if previous else "%(period)s"
    periods = "(%(period)s, %(prev_period)s)" if previous else "(%(period)s)"
    # One month: every row is the month's (no split by month to group by).
    current = "CASE WHEN a.date >= %(period)s THEN 1 ELSE 0 END" if previous else "1"
    month_current = "CASE WHEN {alias}.period = %(period)s THEN 1 ELSE 0 END" if previous else "1"
    join = "JOIN lib ON lib.id = {alias}.library_id" if scoped else ""
    group = "1, 2" if previous else "1"
    column_list = ",\n".join(f"    {c}" for c in columns)
    join_list = "\n  ".join(joins)
    return f"""
lib AS (
  SELECT l.id, l.name, l.province_id, l.regency_id,
    CASE WHEN l.is_active THEN 1 ELSE 0 END AS active,
    CASE WHEN l.is_active AND l.level IN ({village_levels}) AND l.cohort_year <= %(year)s THEN 1 ELSE 0 END AS exp,
    CASE WHEN l.is_active AND l.level IN ({village_levels}) AND l.cohort_year <= %(prev_year)s THEN 1 ELSE 0 END
      AS p_exp,
    CASE WHEN l.is_active AND l.cohort_year <= %(year)s THEN 1 ELSE 0 END AS partner
  FROM {library_table} l
  WHERE {{{{library_filter}}}}
),
act AS (
  SELECT a.library_id, {current} AS cur,
    COUNT(*) AS n,
{activity_sums}
  FROM {activity_table} a {join.format(alias="a")}
  WHERE a.date >= {first_day} AND a.date < %(next_period)s
  GROUP BY {group}
),
snap AS (
  SELECT s.library_id, {month_current.format(alias="s")} AS cur,
    COUNT(*) AS n, SUM(CASE WHEN s.verification = 'verified' THEN 1 ELSE 0 END) AS v
  FROM {snapshot_table} s {join.format(alias="s")}
  WHERE s.period IN {periods}
  GROUP BY {group}
),
rep AS (
  SELECT r.library_id, {month_current.format(alias="r")} AS cur, r.id, r.status,
    r.visitors, r.visitors_male, r.visitors_female, r.loans, r.new_members, r.ict_users,
    CASE WHEN r.status IN ({submitted}) THEN 1 ELSE 0 END AS sub,
    CASE WHEN r.status IN ({submitted}) AND r.source = '{SIM_SOURCE}' THEN 1 ELSE 0 END AS unknown,
    CASE WHEN r.status IN ({submitted}) AND r.source <> '{SIM_SOURCE}' AND r.submitted_at <= CASE
      WHEN r.period = %(period)s THEN %(deadline)s ELSE %(prev_deadline)s END THEN 1 ELSE 0 END AS on_time,
    CASE WHEN r.status = 'verified' THEN 1 ELSE 0 END AS verified,
    CASE WHEN r.status IN ('submitted', 'returned') THEN 1 ELSE 0 END AS pending
  FROM {report_table} r {join.format(alias="r")}
  WHERE r.period IN {periods}
),
per_lib AS (
  SELECT lib.*,
{column_list},
    CASE WHEN lib.exp = 0 THEN NULL WHEN rc.on_time = 1 THEN 'on_time' WHEN rc.unknown = 1 THEN 'unknown'
      WHEN rc.sub = 1 THEN 'late' ELSE 'missing' END AS report_state,
    rc.id AS report_id, rc.status AS report_status
  FROM lib
  {join_list}
),
{formula.scored_ctes(thresholds, 1, "per_lib")}"""
