"""The KPI of a partner library over a period: one transparent formula, in SQL, for every page that scores.

**Partners** are the active libraries with a cohort (``Library.cohort_year``, kept as the first of the library's
cohorts), at any level — village and kelurahan libraries, reading parks, the regency/city library, a provincial
library where it is a partner — whose cohort year is the period's last year or earlier.

A **period** is any range of whole months (a month, a quarter, January-September, a year): each indicator's
target is its target per month times the period's months.

| indicator | counts (in the period) |
|---|---|
| engagement | community-engagement events |
| participants | the participants of those events (their total, split by sex or not) |
| advocacy | advocacy records |
| publication | publications |
| services | months with a service snapshot |
| visitors | months whose monthly report (submitted or verified) gives visitors |

``points = weight * min(1, count / period target)``, rounded to one decimal; the **score** is their sum (out of
100). Above ``green_above`` the partner is green (hijau), above ``yellow_above`` yellow (kuning), otherwise red
(merah). A partner with **no record at all** in the period — no activity of any strategy, no service snapshot, no
monthly report counted — is **not yet scored** (*belum dinilai*): it has no score and no colour.

The rows a score is computed from carry each indicator's count as a column ``k_<indicator>``, ``k_records``
(every record of the period) and ``partner`` (1 or 0); ``scored_ctes`` adds ``pt_<indicator>``, ``kpi_score``
and ``kpi_colour``. The compilation (one month, ``reports.progress``), the KPI page (any period,
``reports.kpi.period``) and the dashboards all use it: this SQL is the only implementation.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from reports.models.kpi import KpiColour, KpiThreshold

#: indicator -> (label, what it counts)
INDICATORS = {
    "engagement": (_("Community engagement"), _("community engagement events")),
    "participants": (_("Participants"), _("participants of the engagement events")),
    "advocacy": (_("Advocacy"), _("advocacy records")),
    "publication": (_("Publications"), _("publications")),
    "services": (_("Service snapshots"), _("months with a service snapshot")),
    "visitors": (_("Visitors"), _("months with visitors reported")),
}

#: The columns a row must carry to be scored.
INPUTS = [f"k_{name}" for name in INDICATORS]


def period_target(thresholds: KpiThreshold, name: str, months: int) -> Decimal:
    return thresholds.target(name) * months


def plain(value) -> Decimal:
    """``1.50`` → ``1.5``, ``40.00`` → ``40`` (never ``4E+1``)."""
    value = Decimal(value)
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def _number(value: Decimal) -> str:
    """A trusted number from the thresholds, written into the SQL."""
    return format(plain(value), "f")


def points_sql(thresholds: KpiThreshold, months: int) -> dict[str, str]:
    """Each indicator's points for a scored row (NULL for a row that is not scored)."""
    result = {}
    for name in INDICATORS:
        column = f"k_{name}"
        weight = int(getattr(thresholds, f"{name}_weight"))
        target = _number(period_target(thresholds, name, months))
        result[name] = (
            f"CASE WHEN partner = 1 AND k_records > 0 THEN CASE WHEN {column} >= {target} THEN {weight} "
            f"ELSE ROUND({column} * {weight} * 1.0 / {target}, 1) END END"
        )
    return result


def colour_sql(thresholds: KpiThreshold, score: str = "kpi_score") -> str:
    """Green above ``green_above``, yellow above ``yellow_above``, else red; not scored without records."""
    return (
        f"CASE WHEN partner = 0 THEN NULL WHEN k_records = 0 THEN '{KpiColour.NOT_SCORED.value}' "
        f"WHEN {score} > {int(thresholds.green_above)} THEN '{KpiColour.GREEN.value}' "
        f"WHEN {score} > {int(thresholds.yellow_above)} THEN '{KpiColour.YELLOW.value}' "
        f"ELSE '{KpiColour.RED.value}' END"
    )


def scored_ctes(thresholds: KpiThreshold, months: int, source: str, materialized: bool = False) -> str:
    """CTEs ``pointed``, ``scored`` and ``kpi_lib`` over the rows of the CTE ``source``.

    ``materialized`` (PostgreSQL): each row's points computed once, however often the statement reads them
    (PostgreSQL would otherwise repeat every indicator's expression wherever the score or colour is used)."""
    points = points_sql(thresholds, months)
    columns = ",\n".join(f"    {expr} AS pt_{name}" for name, expr in points.items())
    score = " + ".join(f"pt_{name}" for name in points)
    return f"""pointed AS {"MATERIALIZED " if materialized else ""}(
  SELECT {source}.*,
{columns}
  FROM {source}
),
scored AS (
  SELECT pointed.*, {score} AS kpi_score
  FROM pointed
),
kpi_lib AS (
  SELECT scored.*, {colour_sql(thresholds)} AS kpi_colour
  FROM scored
)"""


def formula_rows(thresholds: dict, months: int = 1) -> list[dict]:
    """The formula as a table (indicator, label, what it counts, targets, points) from ``KpiThreshold.as_dict()``."""
    rows = []
    for name, (label, counts) in INDICATORS.items():
        per_month = Decimal(str(thresholds[f"{name}_target"]))
        rows.append(
            {
                "indicator": name,
                "label": label,
                "counts": counts,
                "target": plain(per_month),
                "period_target": plain(per_month * months),
                "weight": thresholds[f"{name}_weight"],
            }
        )
    return rows
