"""The program's records on a dashboard: by type with their verified share, and advocacy by result."""

from __future__ import annotations

from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from activities.choices import AdvocacyResult, Strategy, Verification

from .dashboard import RECORD_TYPES, STRATEGIES

RECORD_TYPE_LABELS = {
    **{s.value: s.label for s in Strategy},
    "service_snapshot": _("Service snapshots"),
    "monthly_report": _("Monthly reports (sent)"),
}


def percent_of(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


class RecordRows:
    """Rows of the dashboard page (``DashboardPage``) about the program's records; each links to its records."""

    @cached_property
    def record_rows(self) -> list[dict]:
        """The range's records by type, and how many of them are verified (everything entered is counted)."""
        records, verified = self.d.records_by_type(), self.d.verified_by_type()
        shown = [s for s, _label in self.strategies]
        if not self.filters.strategy:
            shown += ["service_snapshot", "monthly_report"]
        rows = []
        for key in RECORD_TYPES:
            if key not in shown:
                continue
            strategy = key if key in STRATEGIES else None
            rows.append(
                {
                    "key": key,
                    "label": RECORD_TYPE_LABELS[key],
                    "value": records.get(key, 0),
                    "verified": verified.get(key, 0),
                    "share": percent_of(verified.get(key, 0), records.get(key, 0)),
                    "url": self.activities_url(strategy=strategy) if strategy else None,
                    "verified_url": self.activities_url(strategy=strategy, verification=Verification.VERIFIED)
                    if strategy
                    else None,
                }
            )
        return rows

    @cached_property
    def advocacy_rows(self) -> list[dict]:
        """The range's advocacy records by what they obtained (not recorded: entered before results were)."""
        if self.filters.strategy and self.filters.strategy != Strategy.ADVOCACY:
            return []
        results = self.d.advocacy_results()
        labels = [*AdvocacyResult.choices, ("", _("Not recorded"))]
        return [
            {
                "key": value or "not_recorded",
                "label": label,
                "value": results.get(value, 0),
                "url": self.activities_url(strategy=Strategy.ADVOCACY, result=value or "not_recorded"),
            }
            for value, label in labels
        ]
