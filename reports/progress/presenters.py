"""What a progress report shows, in one place for the page, the PDF and the Excel workbook.

Every figure comes with the link to the records behind it: the activity list and the
monthly-report list (filtered by month and area), the library list, or this app's
records page for the reporting and KPI figures, which lists the library snapshots of
the same compilation so the list always adds up to the number that led to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlencode

from django.urls import NoReverseMatch, get_script_prefix, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from activities.choices import AdvocacyResult, EngagementField, EventKind, PublicationKind, Strategy
from reports.kpi import formula as kpi
from reports.models import ProgressReport
from reports.models.kpi import KpiColour
from reports.models.progress import ReportScope

LABELS = {
    "libraries": _("Libraries"),
    "activities": _("Activities"),
    "participants": _("Participants"),
    "participants_male": _("Male participants"),
    "participants_female": _("Female participants"),
    "visitors": _("Visitors"),
    "visitors_male": _("Male visitors"),
    "visitors_female": _("Female visitors"),
    "loans": _("Loans"),
    "new_members": _("New members"),
    "ict_users": _("Computer/internet users"),
    "advocacy_amount": _("Advocacy amount (Rp)"),
    "records_verified": _("Records verified"),
    "records_unverified": _("Records not yet verified"),
    "reports_expected": _("Reports expected"),
    "reports_submitted": _("Reports submitted"),
    "reports_on_time": _("Submitted on time"),
    "reports_late": _("Submitted late"),
    "reports_timeliness_unknown": _("Received from SIM TPBIS, timeliness unknown"),
    "reports_missing": _("Reports missing"),
    "reports_received": _("Submitted reports counted (all levels)"),
    "replication_funds": _("Replication funds (Rp)"),
    "replication_villages": _("Replication villages"),
}
SUMMARY_KEYS = ["libraries", "activities", "participants_male", "participants_female", "participants"]
SERVICE_KEYS = ["visitors", "visitors_male", "visitors_female", "loans", "new_members", "ict_users", "reports_received"]
REPORTING_KEYS = [
    "reports_expected",
    "reports_submitted",
    "reports_on_time",
    "reports_late",
    "reports_timeliness_unknown",
    "reports_missing",
]
VERIFICATION_KEYS = ["records_verified", "records_unverified"]
REPLICATION_KEYS = ["replication_funds", "replication_villages"]
#: records-page kinds for the reporting figures
RECORD_KINDS = {
    "reports_expected": "expected",
    "reports_submitted": "submitted",
    "reports_on_time": "on_time",
    "reports_late": "late",
    "reports_timeliness_unknown": "unknown",
    "reports_missing": "missing",
}
SERVICE_RECORDS = "received"
RECORD_KIND_LABELS = {
    "all": _("All libraries"),
    "expected": _("Libraries expected to report"),
    "submitted": _("Reports submitted"),
    "on_time": _("Reports submitted on time"),
    "late": _("Reports submitted late"),
    "unknown": _("Reports received from SIM TPBIS (timeliness unknown)"),
    "missing": _("Missing reports"),
    "received": _("Submitted reports counted for visitors, loans and ICT users"),
    "partners": _("Partner libraries (scored or not)"),
    KpiColour.GREEN.value: _("KPI green"),
    KpiColour.YELLOW.value: _("KPI yellow"),
    KpiColour.RED.value: _("KPI red"),
    KpiColour.NOT_SCORED.value: _("Partners not yet scored"),
}
#: Breakdown figures of the program's records: figure key -> (heading, strategy, the activity list's filter).
BREAKDOWN_LINKS = {
    "engagement_by_field": (_("Community engagement by field"), Strategy.COMMUNITY_ENGAGEMENT, "field"),
    "engagement_by_kind": (_("Community engagement by kind"), Strategy.COMMUNITY_ENGAGEMENT, "event_kind"),
    "publications_by_kind": (_("Publications by kind of media"), Strategy.MEDIA_PUBLICATION, "publication_kind"),
    "advocacy_by_result": (_("Advocacy by result"), Strategy.ADVOCACY, "result"),
}
BREAKDOWN_CHOICES = {
    "engagement_by_field": EngagementField,
    "engagement_by_kind": EventKind,
    "publications_by_kind": PublicationKind,
    "advocacy_by_result": AdvocacyResult,
}
NOT_RECORDED_LABEL = _("Not recorded")


@lru_cache(maxsize=4096)
def _reverse(name: str, args: tuple, prefix: str) -> str:
    return reverse(name, args=list(args) or None)


def cached_reverse(name: str, args=None) -> str:
    """``reverse()``, remembered: a dashboard links hundreds of figures to a few dozen pages."""
    return _reverse(name, tuple(args or ()), get_script_prefix())


def safe_reverse(name: str, query: dict | None = None, args=None) -> str | None:
    """A URL by name with a query string, or None while that page does not exist in this build."""
    try:
        url = cached_reverse(name, args)
    except NoReverseMatch:
        return None
    query = {k: v for k, v in (query or {}).items() if v not in (None, "")}
    return f"{url}?{urlencode(query)}" if query else url


@dataclass
class FigureRow:
    key: str
    label: str
    value: int
    previous: int | None
    change: int | None
    url: str | None = None

    @property
    def change_percent(self) -> float | None:
        if not self.previous or self.change is None:
            return None
        return round(100.0 * self.change / self.previous, 1)


def percent(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


class ReportPresenter:
    def __init__(self, report: ProgressReport, children=None):
        self.report = report
        self.figures = report.figures or {}
        self.previous = report.previous or {}
        self.change = report.change or {}
        self._children = children

    # Where the records behind the figures are.
    @cached_property
    def area_query(self) -> dict:
        r = self.report
        if r.scope == ReportScope.PROVINCE:
            return {"province": r.code}
        if r.scope == ReportScope.REGENCY:
            return {"regency": r.code}
        if r.scope == ReportScope.LIBRARY:
            return {"library": r.code}
        return {}

    def records_url(self, kind: str) -> str:
        return self.report.url("progress_records", kind)

    def activities_url(self, strategy: str | None = None, **extra) -> str | None:
        return safe_reverse(
            "activities:activity_list",
            {**self.area_query, "period": self.report.period_key, "strategy": strategy, **extra},
        )

    def replications_url(self) -> str | None:
        """The region's replication programmes of the month's year (regional reports)."""
        query = {k: v for k, v in self.area_query.items() if k != "library"}
        return safe_reverse("activities:replication_list", {**query, "year": self.report.period.year})

    def monthly_reports_url(self, **extra) -> str | None:
        return safe_reverse(
            "reports:monthlyreport_list", {**self.area_query, "period": self.report.period_key, **extra}
        )

    def libraries_url(self) -> str | None:
        r = self.report
        if r.scope == ReportScope.LIBRARY:
            return safe_reverse("libraries:library_detail", args=[r.library_id])
        query = {k: v for k, v in self.area_query.items() if k != "library"}
        return safe_reverse("libraries:library_list", {**query, "is_active": "true"})

    def url_for(self, key: str) -> str | None:
        if key == "libraries":
            return self.libraries_url()
        if key in ("activities", "participants", "participants_male", "participants_female"):
            return self.activities_url()
        if key == "advocacy_amount":
            return self.activities_url(Strategy.ADVOCACY)
        if key in REPLICATION_KEYS:
            return self.replications_url()
        if key in RECORD_KINDS:
            return self.records_url(RECORD_KINDS[key])
        if key in SERVICE_KEYS:
            return self.records_url(SERVICE_RECORDS)
        return None

    def _row(self, key: str) -> FigureRow:
        return FigureRow(
            key=key,
            label=LABELS[key],
            value=self.figures.get(key, 0),
            previous=self.previous.get(key),
            change=self.change.get(key),
            url=self.url_for(key),
        )

    @cached_property
    def summary_rows(self) -> list[FigureRow]:
        return [self._row(key) for key in SUMMARY_KEYS]

    @cached_property
    def service_rows(self) -> list[FigureRow]:
        return [self._row(key) for key in SERVICE_KEYS]

    @cached_property
    def reporting_rows(self) -> list[FigureRow]:
        return [self._row(key) for key in REPORTING_KEYS]

    @cached_property
    def verification_rows(self) -> list[FigureRow]:
        return [self._row(key) for key in VERIFICATION_KEYS]

    @property
    def verified_share(self) -> float | None:
        """The share of the month's records already verified (everything entered is counted)."""
        verified = self.figures.get("records_verified", 0)
        return percent(verified, verified + self.figures.get("records_unverified", 0))

    @cached_property
    def replication_rows(self) -> list[FigureRow]:
        """The year's replication programmes (regional reports only)."""
        if not all(key in self.figures for key in REPLICATION_KEYS):
            return []
        return [self._row(key) for key in REPLICATION_KEYS]

    @cached_property
    def advocacy_amount_rows(self) -> list[FigureRow]:
        return [self._row("advocacy_amount")] if "advocacy_amount" in self.figures else []

    @cached_property
    def breakdowns(self) -> list[dict]:
        """Each breakdown of the program's records (engagement by field and kind, publications, advocacy)."""
        result = []
        for key, (heading, strategy, filter_name) in BREAKDOWN_LINKS.items():
            current = self.figures.get(key)
            if current is None:  # compiled before the program's records had these fields
                continue
            previous = self.previous.get(key, {})
            change = self.change.get(key, {})
            labels = dict(BREAKDOWN_CHOICES[key].choices) | {"not_recorded": NOT_RECORDED_LABEL}
            rows = [
                FigureRow(
                    key=f"{key}-{value}",
                    label=labels.get(value, value),
                    value=count,
                    previous=previous.get(value),
                    change=change.get(value),
                    url=self.activities_url(strategy.value, **{filter_name: value}),
                )
                for value, count in current.items()
            ]
            result.append({"key": key, "heading": heading, "rows": rows, "total": sum(current.values())})
        return result

    @cached_property
    def strategy_rows(self) -> list[FigureRow]:
        current = self.figures.get("activities_by_strategy", {})
        previous = self.previous.get("activities_by_strategy", {})
        change = self.change.get("activities_by_strategy", {})
        return [
            FigureRow(
                key=s.value,
                label=s.label,
                value=current.get(s.value, 0),
                previous=previous.get(s.value),
                change=change.get(s.value),
                url=self.activities_url(s.value),
            )
            for s in Strategy
        ]

    @property
    def completeness(self) -> float | None:
        return percent(self.figures.get("reports_submitted", 0), self.figures.get("reports_expected", 0))

    @property
    def timeliness(self) -> float | None:
        return percent(self.figures.get("reports_on_time", 0), self.figures.get("reports_expected", 0))

    @cached_property
    def kpi_rows(self) -> list[FigureRow]:
        distribution = self.figures.get("kpi", {})
        return [
            FigureRow(
                key=colour.value,
                label=colour.label,
                value=distribution.get(colour.value, 0),
                previous=None,
                change=None,
                url=self.records_url(colour.value),
            )
            for colour in KpiColour
        ]

    @property
    def partners(self) -> int:
        return sum((self.figures.get("kpi") or {}).values())

    @property
    def thresholds(self) -> dict:
        return (self.report.kpi or {}).get("thresholds") or {}

    @cached_property
    def formula(self) -> list[dict]:
        return kpi.formula_rows(self.thresholds) if "green_above" in self.thresholds else []

    @cached_property
    def library_kpi(self) -> dict | None:
        """For a partner library's report: its colour (or not yet scored), score, and each indicator's input and
        points."""
        data = self.report.kpi or {}
        if self.report.scope != ReportScope.LIBRARY or not data.get("colour") or not self.formula:
            return None
        inputs = data.get("inputs", {})
        points = data.get("points", {})
        rows = [
            {**row, "input": inputs.get(row["indicator"]), "points": points.get(row["indicator"])}
            for row in self.formula
        ]
        return {
            "colour": data["colour"],
            "colour_label": KpiColour(data["colour"]).label,
            "scored": data["colour"] != KpiColour.NOT_SCORED,
            "score": data.get("score"),
            "report": data.get("report"),
            "report_id": data.get("report_id"),
            "rows": rows,
        }

    @property
    def commitments(self) -> dict | None:
        return self.figures.get("commitments")

    @cached_property
    def highlights(self) -> list:
        """The success stories of the month, each with the link to the story."""
        return [
            {
                **item,
                "url": safe_reverse("activities:successstory_detail", args=[item["id"]]) if item.get("id") else None,
            }
            for item in self.report.highlights or []
        ]

    @property
    def children(self):
        return self._children or []

    @property
    def child_label(self):
        return {
            ReportScope.NATIONAL: _("Provinces"),
            ReportScope.PROVINCE: _("Regencies/cities"),
            ReportScope.REGENCY: _("Libraries"),
        }.get(self.report.scope)
