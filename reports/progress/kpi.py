"""The KPI traffic light: one transparent formula per library and month.

Every expected library (see ``reports.progress.compile``) earns up to 100 points a month:

- reporting: the full reporting points for a monthly report submitted by the deadline,
  ``late_report_credit`` % of them for a late one, nothing for a missing one;
- community engagement, participants, advocacy and media publication: points in
  proportion to the month's count against its target, capped at the target
  (``points = weight * min(1, count / target)``).

Each indicator's points are rounded to one decimal and added up; the score is green
(hijau) from ``green_min``, yellow (kuning) from ``yellow_min`` and red (merah) below.
The SQL below is the only implementation; the report pages show the formula and each
library's inputs and points next to its colour.
"""

from django.utils.translation import gettext_lazy as _

from reports.models.kpi import KpiColour, KpiThreshold

#: indicator -> (column in the per-library rows, label)
INDICATORS = {
    "reporting": ("report_state", _("Monthly report on time")),
    "engagement": ("s_community_engagement", _("Community engagement activities")),
    "participants": ("participants", _("Participants")),
    "advocacy": ("s_advocacy", _("Advocacy activities")),
    "publication": ("s_media_publication", _("Media publications")),
}


def points_sql(thresholds: KpiThreshold) -> dict[str, str]:
    """SQL expressions for each indicator's points (thresholds are trusted integers from the database)."""
    t = thresholds
    reporting = (
        f"CASE report_state WHEN 'on_time' THEN {int(t.reporting_weight)} "
        f"WHEN 'late' THEN ROUND({int(t.reporting_weight)} * {int(t.late_report_credit)} / 100.0, 1) ELSE 0 END"
    )
    result = {"reporting": reporting}
    for name in ("engagement", "participants", "advocacy", "publication"):
        column = INDICATORS[name][0]
        weight = int(getattr(t, f"{name}_weight"))
        target = int(getattr(t, f"{name}_target"))
        result[name] = (
            f"CASE WHEN {column} >= {target} THEN {weight} ELSE ROUND({column} * {weight} * 1.0 / {target}, 1) END"
        )
    return result


def colour_sql(thresholds: KpiThreshold, score: str = "kpi_score") -> str:
    return (
        f"CASE WHEN {score} >= {int(thresholds.green_min)} THEN '{KpiColour.GREEN.value}' "
        f"WHEN {score} >= {int(thresholds.yellow_min)} THEN '{KpiColour.YELLOW.value}' "
        f"ELSE '{KpiColour.RED.value}' END"
    )


def formula_rows(thresholds: dict) -> list[dict]:
    """The formula as a table (indicator, label, target, points) from ``KpiThreshold.as_dict()``."""
    t = thresholds
    rows = [
        {
            "indicator": "reporting",
            "label": INDICATORS["reporting"][1],
            "target": _("on time (late: %(credit)s%% of the points)") % {"credit": t["late_report_credit"]},
            "weight": t["reporting_weight"],
        }
    ]
    for name in ("engagement", "participants", "advocacy", "publication"):
        rows.append(
            {
                "indicator": name,
                "label": INDICATORS[name][1],
                "target": t[f"{name}_target"],
                "weight": t[f"{name}_weight"],
            }
        )
    return rows
